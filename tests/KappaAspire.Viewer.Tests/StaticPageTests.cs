using System.Text.RegularExpressions;
using KappaAspire.Testing;

namespace KappaAspire.Viewer.Tests;

/// <summary>The page is served by the viewer itself and needs nothing from the internet.</summary>
public sealed partial class StaticPageTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task The_page_is_served_at_the_root_with_the_elements_tests_and_people_look_for()
    {
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);

        using var response = await viewer.Http.GetAsync("/");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();

        foreach (var id in new[] { "status", "sensor-grid", "anomalies", "model-version", "model-panel", "model-history", "rate-predictions", "rate-anomalies" })
        {
            Assert.Contains($"id=\"{id}\"", html);
        }
    }

    [Fact]
    public async Task The_page_references_only_local_assets_and_every_one_is_served()
    {
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);
        var html = await viewer.Http.GetStringAsync("/");

        var references = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToArray();
        Assert.Contains("app.js", references);
        Assert.Contains("app.css", references);
        foreach (var reference in references)
        {
            Assert.DoesNotMatch("^(https?:)?//", reference);
            using var asset = await viewer.Http.GetAsync("/" + reference);
            Assert.True(asset.IsSuccessStatusCode, $"{reference}: {(int)asset.StatusCode}");
        }

        // Nor does the script or the style sheet fetch anything from elsewhere.
        foreach (var local in new[] { "app.js", "app.css" })
        {
            var content = await viewer.Http.GetStringAsync("/" + local);
            Assert.DoesNotContain("http://", content);
            Assert.DoesNotContain("https://", content);
        }
        Assert.Equal("text/javascript", (await viewer.Http.GetAsync("/app.js")).Content.Headers.ContentType?.MediaType);
    }

    [GeneratedRegex("""<(?:script|link|img)\b[^>]*\b(?:src|href)="(?<url>[^"]+)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex AssetReference();
}
