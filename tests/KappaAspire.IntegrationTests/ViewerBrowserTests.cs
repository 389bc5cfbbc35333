using Microsoft.Playwright;

namespace KappaAspire.IntegrationTests;

/// <summary>The viewer as people use it: a real browser (Debian's Chromium driven by Playwright) on a running system.</summary>
[Collection(SystemCollection.Name)]
public sealed class ViewerBrowserTests(KappaSystemFixture system, ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task An_injected_anomaly_shows_in_the_anomalies_table_and_on_its_sensor_chart()
    {
        RequireChromium();
        await system.TrainUntilPromotedAsync(TimeSpan.FromMinutes(2));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });

        await page.GotoAsync(system.Viewer.BaseAddress!.ToString());
        await page.Locator("#sensor-grid .sensor-card").First.WaitForAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#model-version")).Not.ToHaveTextAsync("", new() { Timeout = 60_000 });

        // A spike is 1.5–3× the power, and a young model's threshold may sit above the mildest: this test is about the
        // page, so it injects again until one is flagged (the detector's recall is the quality benchmark's business).
        const string sensor = "sensor-07";
        var row = page.Locator($"#anomalies tr[data-sensor='{sensor}']").First;
        for (var attempt = 1; ; attempt++)
        {
            await system.InjectAnomalyAsync(sensor, "spike");
            try
            {
                await row.WaitForAsync(new() { Timeout = 15_000 });
                output.WriteLine($"Flagged after {attempt} injected spike(s).");
                break;
            }
            catch (TimeoutException) when (attempt < 6)
            {
            }
        }
        var card = page.Locator($"#sensor-grid .sensor-card[data-sensor='{sensor}']");
        await Assertions.Expect(card.Locator("canvas")).ToBeVisibleAsync();

        var screenshot = Path.Combine(AppContext.BaseDirectory, "viewer.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        Assert.Contains(sensor, await row.InnerTextAsync());
    }

    private static void RequireChromium()
    {
        if (File.Exists(Chromium)) return;
        const string message = "Install Debian's chromium (apt-get install chromium) for the browser test.";
        if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail(message);
        Assert.Skip(message);
    }
}
