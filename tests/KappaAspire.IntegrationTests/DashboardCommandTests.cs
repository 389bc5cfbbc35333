using System.Text.Json;

namespace KappaAspire.IntegrationTests;

/// <summary>
/// The dashboard's commands on producer and trainer drive their control endpoints, carrying the operator token the
/// AppHost holds (the test's own clients are not involved: each result is read back through GET endpoints).
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class DashboardCommandTests(KappaSystemFixture system, ITestOutputHelper output)
{
    [Fact]
    public async Task Producer_commands_pause_set_the_rate_inject_an_anomaly_and_resume()
    {
        try
        {
            await Succeeds("producer", "pause");
            Assert.True((await ProducerStatusAsync()).GetProperty("paused").GetBoolean());

            await Succeeds("producer", "set-rate", ("readingsPerSecond", "321"));
            Assert.Equal(321, (await ProducerStatusAsync()).GetProperty("readingsPerSecond").GetDouble());

            var sensor = (await ProducerStatusAsync()).GetProperty("sensors")[0].GetString()!;
            await Succeeds("producer", "inject-anomaly", ("sensorId", sensor), ("kind", "stuck"));
            var refused = await system.CommandAsync("producer", "inject-anomaly", ("sensorId", "no-such-sensor"), ("kind", "stuck"));
            Assert.False(refused.Success, "an unknown sensor is refused");

            await Succeeds("producer", "resume");
            Assert.False((await ProducerStatusAsync()).GetProperty("paused").GetBoolean());
        }
        finally
        {
            await system.SetProducerPausedAsync(false);
            await Succeeds("producer", "set-rate", ("readingsPerSecond", "400")); // the fixture's rate
        }
    }

    [Fact]
    public async Task Trainer_commands_retrain_and_refuse_to_promote_an_unknown_version()
    {
        await Succeeds("trainer", "retrain");
        using (var training = JsonDocument.Parse(await system.Trainer.GetStringAsync("/training")))
        {
            var run = Run(training.RootElement, "current") ?? Run(training.RootElement, "last");
            Assert.Equal("api", run?.GetProperty("trigger").GetString());
        }

        var unknown = await system.CommandAsync("trainer", "promote", ("version", "v9999"));
        Assert.False(unknown.Success);
        output.WriteLine($"promote v9999: {unknown.Message}");

        // Leave no run behind for the next test.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            using var training = JsonDocument.Parse(await system.Trainer.GetStringAsync("/training"));
            if (Run(training.RootElement, "current") is null) return;
            await Task.Delay(500);
        }

        Assert.Fail("The run the command started did not finish within 3 minutes.");
    }

    private static JsonElement? Run(JsonElement overview, string which) =>
        overview.TryGetProperty(which, out var run) && run.ValueKind == JsonValueKind.Object ? run : null;

    private async Task Succeeds(string resource, string command, params (string, string)[] arguments)
    {
        var result = await system.CommandAsync(resource, command, arguments);
        Assert.True(result.Success, $"{command} on {resource}: {result.Message}");
    }

    private async Task<JsonElement> ProducerStatusAsync()
    {
        using var status = JsonDocument.Parse(await system.Producer.GetStringAsync("/status"));
        return status.RootElement.Clone();
    }
}
