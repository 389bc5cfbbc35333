using System.Text;
using System.Text.Json;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Viewer.Services;
using KappaAspire.Viewer.View;

namespace KappaAspire.Viewer.Tests;

/// <summary>What the viewer accepts from <c>iot_predictions</c>, and the wire form of chart points.</summary>
public sealed class PredictionReaderTests
{
    [Fact]
    public void A_prediction_written_by_the_pipeline_contract_reads_back_whole()
    {
        var written = new Prediction("s-1", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), 3, 42, 812.5, 800, 4.2, true, "v0002", 1.25, "stuck");

        Assert.True(PredictionReader.TryRead(JsonSerializer.SerializeToUtf8Bytes(written, PipelineJsonContext.Default.Prediction), out var read, out var error), error);
        Assert.Equal(written, read);
    }

    [Theory]
    [InlineData("", "empty value")]
    [InlineData("not json", "malformed JSON")]
    [InlineData("null", "malformed JSON")]
    [InlineData("""{"timestamp":"2025-01-01T00:00:00Z","power":1,"modelVersion":"v1"}""", "missing field: sensorId")]
    [InlineData("""{"sensorId":"s","power":1}""", "missing field: modelVersion")]
    public void Records_that_are_not_predictions_are_rejected_with_a_reason(string value, string reason)
    {
        Assert.False(PredictionReader.TryRead(Encoding.UTF8.GetBytes(value), out _, out var error));
        Assert.StartsWith(reason, error);
    }

    [Fact]
    public void Chart_points_travel_as_compact_arrays()
    {
        var point = new ChartPoint(1735689600000, 812.346, 800.1, IsAnomaly: true, IsTrueAnomaly: true);
        var delta = new ViewDelta(1, new ViewCounters(0, 0, 1, 1, 0, 1, null), "v1",
            [new SensorView("s", new Prediction("s", DateTimeOffset.UnixEpoch, 0, 0, 1, 1, 1, true, "v1", 0), 1, 1, [point], true)], []);

        var json = JsonSerializer.Serialize(delta, ViewerJsonContext.Default.ViewDelta);

        Assert.Contains("\"points\":[[1735689600000,812.35,800.1,3]]", json);
        var back = JsonSerializer.Deserialize(json, ViewerJsonContext.Default.ViewDelta)!;
        Assert.Equal(point with { Power = 812.35 }, back.Sensors[0].Points[0]);
    }
}
