namespace KappaAspire.Pipeline.Model;

/// <summary>The scorer's verdict on one reading.</summary>
/// <param name="ExpectedPower">Power the model expected, in W.</param>
/// <param name="Score">Robust z-score (capped at <see cref="AnomalyScorer.MaxScore"/>): the largest of the point, sustained-shift and repeat-run surprises for the sensor.</param>
/// <param name="IsAnomaly">Score at or above the sensor's threshold, and the sensor's window was full (<see cref="Features.FeatureVector.IsWarm"/>).</param>
/// <param name="Severity">
/// The surprises over the sensor's thresholds (the largest ratio: in conditions the model never saw, the point and shift
/// surprises over the novel threshold, the repeat run's over the sensor's own), 0 where no alarm can be raised (cold window, threshold
/// at the cap): 1 or more exactly when <paramref name="IsAnomaly"/>. Unlike the score it is comparable across sensors, whose
/// thresholds differ with their noise, so one cut-off over a fleet means the same thing everywhere.
/// </param>
public readonly record struct AnomalyScore(double ExpectedPower, double Score, bool IsAnomaly, double Severity);
