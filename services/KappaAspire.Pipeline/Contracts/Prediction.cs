namespace KappaAspire.Pipeline.Contracts;

/// <summary>The verdict on one reading: the value of a record on <see cref="Topics.Predictions"/>.</summary>
/// <param name="SensorId">Sensor the reading came from.</param>
/// <param name="Timestamp">The reading's own timestamp (UTC).</param>
/// <param name="SourcePartition">Partition of the reading on <see cref="Topics.RawData"/>.</param>
/// <param name="SourceOffset">Offset of the reading on <see cref="Topics.RawData"/>.</param>
/// <param name="Power">Measured power in W.</param>
/// <param name="ExpectedPower">Power the model expected from the reading's context, in W.</param>
/// <param name="Score">Anomaly score in robust z units (larger is more surprising).</param>
/// <param name="IsAnomaly">Whether the score crossed the model's threshold.</param>
/// <param name="ModelVersion">Version of the model that scored the reading (e.g. <c>v0003</c>).</param>
/// <param name="LatencyMs">Milliseconds from the reading's arrival at inference to this prediction.</param>
/// <param name="AnomalyKind">
/// Ground truth when the reading carried it: <c>normal</c>, <c>anomaly</c> or the kind (<c>spike</c>, <c>drift</c>,
/// <c>stuck</c>); null when unknown. Only for evaluation displays, never an input to scoring.
/// </param>
public sealed record Prediction(
    string SensorId,
    DateTimeOffset Timestamp,
    int SourcePartition,
    long SourceOffset,
    double Power,
    double ExpectedPower,
    double Score,
    bool IsAnomaly,
    string ModelVersion,
    double LatencyMs,
    string? AnomalyKind = null);
