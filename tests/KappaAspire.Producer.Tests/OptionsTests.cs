using Microsoft.Extensions.Options;

namespace KappaAspire.Producer.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("Producer:Sensors=0", "Producer:Sensors")]
    [InlineData("Producer:ReadingsPerSecond=0", "Producer:ReadingsPerSecond")]
    [InlineData("Producer:ReadingsPerSecond=200000", "Producer:ReadingsPerSecond")]
    [InlineData("Producer:MaxRate=-1", "Producer:MaxRate")]
    [InlineData("Producer:AnomalyRate=0.7", "Producer:AnomalyRate")]
    [InlineData("Producer:SpeedUp=fast", "Producer:SpeedUp")]
    [InlineData("Producer:SensorIdPrefix=has space", "Producer:SensorIdPrefix")]
    [InlineData("Producer:MaxInFlight=0", "Producer:MaxInFlight")]
    [InlineData("Producer:Mode=replay", "Producer:CsvPath")]
    public async Task Invalid_options_fail_at_startup_naming_the_setting(string setting, string named)
    {
        await using var app = ProducerHost.Build(new LogRecorder(), ["ConnectionStrings:kafka=127.0.0.1:9", "urls=http://127.0.0.1:0", "Operator:Token=t", setting]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task A_missing_replay_file_fails_at_startup_naming_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.csv");
        await using var app = ProducerHost.Build(new LogRecorder(),
            ["ConnectionStrings:kafka=127.0.0.1:9", "urls=http://127.0.0.1:0", "Operator:Token=t", "Producer:Mode=replay", $"Producer:CsvPath={missing}"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains($"Producer:CsvPath '{missing}' does not exist", error.Message);
    }

    [Fact]
    public void An_unknown_mode_fails_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ProducerHost.Build(new LogRecorder(), ["ConnectionStrings:kafka=127.0.0.1:9", "Producer:Mode=stream"]));

        Assert.Contains("Producer:Mode", error.Message);
    }
}
