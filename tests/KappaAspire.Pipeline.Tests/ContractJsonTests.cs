using System.Text.Json;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Tests;

public sealed class ContractJsonTests
{
    private static readonly DateTimeOffset At = new(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_prediction_is_camel_case_json_and_omits_unknown_truth()
    {
        var prediction = new Prediction("sensor-01", At, 3, 1234, 1500, 1480.5, 1.2, false, "v0002", 0.8);

        var json = JsonSerializer.Serialize(prediction, PipelineJsonContext.Default.Prediction);

        Assert.StartsWith("""{"sensorId":"sensor-01","timestamp":"2025-06-01T10:00:00+00:00","sourcePartition":3,"sourceOffset":1234,""", json);
        Assert.Contains("\"expectedPower\":1480.5", json);
        Assert.Contains("\"isAnomaly\":false", json);
        Assert.DoesNotContain("anomalyKind", json);
        Assert.Equal(prediction, JsonSerializer.Deserialize(json, PipelineJsonContext.Default.Prediction));
    }

    [Fact]
    public void A_prediction_carries_the_truth_label_when_known()
    {
        var prediction = new Prediction("s", At, 0, 0, 1, 1, 50, true, "v0001", 1, GroundTruth.Anomaly(AnomalyKind.Stuck).ToLabel());

        Assert.Contains("\"anomalyKind\":\"stuck\"", JsonSerializer.Serialize(prediction, PipelineJsonContext.Default.Prediction));
    }

    [Fact]
    public void Topic_and_header_names_are_the_documented_ones()
    {
        Assert.Equal(["iot_raw_data", "iot_predictions", "iot_raw_data.dlq"], [Topics.RawData, Topics.Predictions, Topics.DeadLetter]);
        Assert.Equal("kappa-truth", PipelineHeaders.Truth);
        Assert.Equal(
            ["kappa-error", "kappa-source-topic", "kappa-source-partition", "kappa-source-offset", "kappa-service"],
            [PipelineHeaders.Error, PipelineHeaders.SourceTopic, PipelineHeaders.SourcePartition, PipelineHeaders.SourceOffset, PipelineHeaders.Service]);
    }
}
