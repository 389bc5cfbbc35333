namespace KappaAspire.Pipeline.Model;

/// <summary>What turns the regression's expected power into an anomaly verdict, per sensor; stored in the package metadata.</summary>
/// <param name="FalseAlarmBudget">Share of normal readings allowed to raise an alarm, the ceiling thresholds were calibrated to.</param>
/// <param name="MinimumScore">Least surprise an alarm needs whatever the budget allows (z scale).</param>
/// <param name="Pooled">Every sensor together: for sensors with too little history of their own, or none.</param>
/// <param name="Sensors">Per sensor id.</param>
/// <param name="Conditions">What the regression was trained on; outside it the sensor's recent course is the expectation.</param>
public sealed record ScoringParameters(
    double FalseAlarmBudget,
    double MinimumScore,
    SensorProfile Pooled,
    IReadOnlyDictionary<string, SensorProfile> Sensors,
    TrainingConditions? Conditions = null)
{
    public SensorProfile For(string sensorId) => Sensors.TryGetValue(sensorId, out var profile) ? profile : Pooled;

    internal ScoringParameters WithThresholds(Func<string?, SensorProfile, double> threshold) =>
        this with
        {
            Pooled = Pooled with { Threshold = threshold(null, Pooled) },
            Sensors = Sensors.ToDictionary(s => s.Key, s => s.Value with { Threshold = threshold(s.Key, s.Value) }, StringComparer.Ordinal),
        };
}
