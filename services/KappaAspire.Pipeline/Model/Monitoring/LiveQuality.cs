namespace KappaAspire.Pipeline.Model.Monitoring;

/// <summary>
/// How one model does on live traffic (<see cref="LiveQualityMonitor.Snapshot()"/>). Like the holdout's
/// <see cref="EvaluationMetrics"/>, every figure comes with its counts, and what the data cannot support is absent:
/// precision and recall only from readings that carried ground truth, the PSI only with a reference and enough readings.
/// </summary>
/// <param name="Total">Every reading since the monitor started: alarms, TP/FP/FN/TN, precision, recall (95 % intervals).</param>
/// <param name="Recent">The most recent stretch of readings (between nine tenths of <paramref name="Window"/> and all of it): rolling figures.</param>
/// <param name="Window">Readings the rolling figures and the PSI look back over.</param>
/// <param name="Drift">The PSI of the window's scores against the model's <see cref="ScoreReference"/>; null without a reference or below the minimum of readings.</param>
/// <param name="DriftReadings">Readings in the PSI window now.</param>
/// <param name="DriftMinimumReadings">Readings the window must hold before a PSI is reported.</param>
/// <param name="HasReference">Whether the model carries a score reference at all (packages from before it was recorded do not).</param>
/// <param name="AlarmRateBySensor">Alarms of readings per sensor since the monitor started, by sensor id.</param>
public sealed record LiveQuality(
    EvaluationMetrics Total,
    EvaluationMetrics Recent,
    int Window,
    double? Drift,
    int DriftReadings,
    int DriftMinimumReadings,
    bool HasReference,
    IReadOnlyDictionary<string, Proportion> AlarmRateBySensor);
