using System.Text.Json;
using System.Text.Json.Serialization;

namespace KappaAspire.Producer.Apis;

/// <summary>Body of <c>POST /rate</c>.</summary>
public sealed record RateRequest(double? ReadingsPerSecond);

/// <summary>Body of <c>POST /anomalies</c>: <c>kind</c> is <c>spike</c>, <c>drift</c> or <c>stuck</c>.</summary>
public sealed record AnomalyRequest(string? SensorId, string? Kind);

/// <summary>Answer of <c>POST /anomalies</c>: the next <c>Readings</c> readings of the sensor carry the anomaly.</summary>
public sealed record AnomalyScheduled(string SensorId, string Kind, int Readings);

/// <summary>Answer of <c>GET /status</c> and of the control endpoints.</summary>
/// <param name="Mode"><c>simulate</c> or <c>replay</c>.</param>
/// <param name="Paused">Whether production is paused.</param>
/// <param name="ReadingsPerSecond">Target rate (simulate mode); null in replay mode, where the file's timestamps set the pace.</param>
/// <param name="MaxRate">Largest rate <c>POST /rate</c> accepts.</param>
/// <param name="MeasuredRate">Readings handed to Kafka per second over the last second.</param>
/// <param name="Produced">Readings handed to Kafka.</param>
/// <param name="Acknowledged">Readings the broker acknowledged.</param>
/// <param name="Failed">Readings whose delivery failed (logged).</param>
/// <param name="InFlight">Readings awaiting acknowledgement.</param>
/// <param name="Anomalies">Anomalous readings sent, by kind (<c>anomaly</c> = labelled without a kind).</param>
/// <param name="SensorCount">Sensors simulated, or seen so far in a replay.</param>
/// <param name="Sensors">Their ids, in order (at most the first 1000).</param>
/// <param name="Replay">Replay progress; null in simulate mode.</param>
public sealed record ProducerStatus(
    string Mode,
    bool Paused,
    double? ReadingsPerSecond,
    double MaxRate,
    double MeasuredRate,
    long Produced,
    long Acknowledged,
    long Failed,
    long InFlight,
    IReadOnlyDictionary<string, long> Anomalies,
    int SensorCount,
    IReadOnlyList<string> Sensors,
    ReplayStatus? Replay);

/// <param name="CsvPath">File being replayed.</param>
/// <param name="SpeedUp">The configured speed-up (<c>max</c> or <c>0</c> = as fast as possible).</param>
/// <param name="LinesRead">Lines of the file read so far.</param>
/// <param name="RowsRejected">Rows skipped because they are not valid readings.</param>
/// <param name="LastRejection">The last skipped row, as <c>Line n: problem</c>.</param>
/// <param name="Completed">Whether the whole file has been sent.</param>
/// <param name="Failure">Why the replay stopped early, if it did.</param>
public sealed record ReplayStatus(
    string CsvPath,
    string SpeedUp,
    int LinesRead,
    long RowsRejected,
    string? LastRejection,
    bool Completed,
    string? Failure);

/// <summary>Source-generated JSON for the control surface (camelCase, like the pipeline's messages).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RateRequest))]
[JsonSerializable(typeof(AnomalyRequest))]
[JsonSerializable(typeof(AnomalyScheduled))]
[JsonSerializable(typeof(ProducerStatus))]
public sealed partial class ProducerJsonContext : JsonSerializerContext;
