using System.Text;
using KappaAspire.Testing;

namespace KappaAspire.Viewer.Tests;

/// <summary>A record that is not a prediction is counted and skipped; the stream goes on.</summary>
public sealed class InvalidRecordTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Records_that_are_not_predictions_are_counted_as_invalid_and_later_predictions_still_show()
    {
        using var log = await PredictionLog.OpenAsync(kafka);
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);
        var sensor = PredictionLog.NewSensorId("after-garbage");

        await log.ProduceRawAsync(sensor, Encoding.UTF8.GetBytes("{\"sensorId\": \"x\", \"power\": "));
        await log.ProduceRawAsync(sensor, Encoding.UTF8.GetBytes("{\"timestamp\": \"2025-01-01T00:00:00Z\", \"power\": 1}"));
        await log.ProduceRawAsync(sensor, []);
        await log.ProduceAsync(PredictionLog.Prediction(sensor, DateTimeOffset.UtcNow, 420, 415));

        var snapshot = await viewer.WaitForSnapshotAsync(s => s.Sensors.Any(x => x.SensorId == sensor));

        Assert.Equal(3, snapshot.Counters.InvalidPredictions);
        Assert.Equal(420, snapshot.Sensors.Single(x => x.SensorId == sensor).Latest.Power);
    }
}
