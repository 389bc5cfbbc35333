using System.Text.Json.Serialization;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Model;

namespace KappaAspire.Viewer.View;

/// <summary>One point of a sensor's chart; on the wire a compact array <c>[timeMs, power, expected, flags]</c>.</summary>
/// <param name="Time">The reading's timestamp, Unix milliseconds.</param>
/// <param name="Power">Measured power, W.</param>
/// <param name="Expected">Power the model expected, W.</param>
/// <param name="IsAnomaly">The model flagged the reading (flags bit 1).</param>
/// <param name="IsTrueAnomaly">The ground truth says anomalous, where known (flags bit 2): a missed one is drawn differently.</param>
[JsonConverter(typeof(ChartPointJsonConverter))]
public readonly record struct ChartPoint(long Time, double Power, double Expected, bool IsAnomaly, bool IsTrueAnomaly);

/// <summary>A sensor's part of a snapshot or delta.</summary>
/// <param name="SensorId">The sensor.</param>
/// <param name="Latest">Its most recent prediction.</param>
/// <param name="Predictions">Predictions seen for it since the viewer started.</param>
/// <param name="Anomalies">Of those, how many the model flagged.</param>
/// <param name="Points">Chart points, oldest first: the new ones in a delta, all kept ones when <paramref name="Reset"/>.</param>
/// <param name="Reset">The points replace the chart instead of extending it (a new sensor, a snapshot, or a client that fell behind).</param>
public sealed record SensorView(string SensorId, Prediction Latest, long Predictions, long Anomalies, IReadOnlyList<ChartPoint> Points, bool Reset);

/// <summary>A row of the recent-anomalies table.</summary>
/// <param name="Sequence">Arrival order in this viewer (larger is newer).</param>
/// <param name="Kind">Ground-truth label where known (<c>spike</c>, <c>drift</c>, <c>stuck</c>, <c>anomaly</c>, or <c>normal</c> for a false alarm).</param>
public sealed record AnomalyRow(
    long Sequence,
    string SensorId,
    DateTimeOffset Timestamp,
    double Power,
    double ExpectedPower,
    double Score,
    string? Kind,
    string ModelVersion,
    int SourcePartition,
    long SourceOffset);

/// <summary>Totals and rates; rates are over <see cref="ViewerOptions.RateWindow"/> by arrival time at the viewer.</summary>
public sealed record ViewCounters(
    double PredictionsPerSecond,
    double AnomaliesPerSecond,
    long TotalPredictions,
    long TotalAnomalies,
    long InvalidPredictions,
    int Sensors,
    DateTimeOffset? LastPredictionAt);

/// <summary>
/// What changed in the live view after a sequence number: the body of a <c>delta</c> event, and (from sequence 0) the
/// data part of a snapshot.
/// </summary>
/// <param name="Sequence">The newest prediction included; ask for changes after it next time.</param>
/// <param name="ModelVersion">Model version of the most recent prediction.</param>
/// <param name="Sensors">Sensors with new points, by sensor id.</param>
/// <param name="Anomalies">New anomalies, newest first.</param>
public sealed record ViewDelta(
    long Sequence,
    ViewCounters Counters,
    string? ModelVersion,
    IReadOnlyList<SensorView> Sensors,
    IReadOnlyList<AnomalyRow> Anomalies,
    LiveQualityView? Quality = null,
    string? Topic = null);

/// <summary>
/// The serving model's live figures as the page shows them, computed from the predictions this viewer read (the same
/// <c>LiveQualityMonitor</c> as inference and the trainer): every figure with its counts, absent where the data cannot
/// support it.
/// </summary>
/// <param name="ModelVersion">The model they are of: the promoted one, or the one in the latest prediction while the catalog is unknown.</param>
/// <param name="Predictions">Its predictions this viewer has read.</param>
/// <param name="Labeled">Of those, readings with ground truth (TP + FP + FN + TN below).</param>
/// <param name="Precision">Over the rolling window; null without ground truth or without an alarm on a labelled reading.</param>
/// <param name="Recall">Over the rolling window; null without labelled anomalies.</param>
/// <param name="AlarmRate">Alarms of predictions over the rolling window.</param>
/// <param name="Psi">Drift of the window's scores against the model's reference; null until enough readings, or without a reference.</param>
/// <param name="DriftReadings">Readings in the window.</param>
/// <param name="DriftMinimumReadings">Readings the PSI needs.</param>
/// <param name="HasReference">Whether the model's score reference is known.</param>
/// <param name="NoisiestSensors">The sensors with the highest alarm rate since the model's first prediction (at most five).</param>
public sealed record LiveQualityView(
    string ModelVersion,
    long Predictions,
    int Labeled,
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    int TrueNegatives,
    Proportion? Precision,
    Proportion? Recall,
    Proportion? AlarmRate,
    double? Psi,
    int DriftReadings,
    int DriftMinimumReadings,
    bool HasReference,
    IReadOnlyList<SensorAlarmRate> NoisiestSensors);

/// <param name="SensorId">The sensor.</param>
/// <param name="AlarmRate">Its alarms of its predictions.</param>
public sealed record SensorAlarmRate(string SensorId, Proportion AlarmRate);

/// <summary>The Kafka connection as the page shows it.</summary>
/// <param name="State"><c>connecting</c>, <c>live</c> or <c>reconnecting</c>.</param>
/// <param name="Detail">Why, in words (the last broker error, or how long Kafka has been silent).</param>
/// <param name="Since">When the state began.</param>
public sealed record ConnectionStatus(string State, string Detail, DateTimeOffset Since)
{
    public const string Connecting = "connecting";
    public const string Live = "live";
    public const string Reconnecting = "reconnecting";
}

/// <summary>The whole page state: <c>GET /api/snapshot</c>, and the first event of <c>GET /events</c>.</summary>
/// <param name="Topic">The predictions topic shown: <c>iot_predictions</c>, or the reprocessing run's topic cut over to.</param>
public sealed record ViewSnapshot(
    long Sequence,
    DateTimeOffset GeneratedAt,
    int PointsPerSensor,
    int RecentAnomalies,
    ViewCounters Counters,
    string? ModelVersion,
    ConnectionStatus Status,
    ModelCatalogView Model,
    IReadOnlyList<SensorView> Sensors,
    IReadOnlyList<AnomalyRow> Anomalies,
    LiveQualityView? Quality = null,
    string? Topic = null);
