namespace KappaAspire.Pipeline.Contracts;

/// <summary>Kafka topic names shared by every service.</summary>
public static class Topics
{
    /// <summary>Sensor readings: key = sensor id (UTF-8), value = <see cref="SensorReading"/> JSON.</summary>
    public const string RawData = "iot_raw_data";

    /// <summary>Scored readings: key = sensor id, value = <see cref="Prediction"/> JSON.</summary>
    public const string Predictions = "iot_predictions";

    /// <summary>Records that could not be processed: original key/value plus the <see cref="PipelineHeaders"/> error headers.</summary>
    public const string DeadLetter = "iot_raw_data.dlq";

    /// <summary>The control log of reprocessing runs: key = model version, value = <see cref="ReprocessingRun"/> JSON (last per key wins).</summary>
    public const string Reprocessing = "iot_reprocessing";

    /// <summary>The versioned predictions topic of a reprocessing run with <paramref name="model"/>, e.g. <c>iot_predictions.v0007</c>.</summary>
    public static string PredictionsOf(string model) => $"{Predictions}.{model}";
}
