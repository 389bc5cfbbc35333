namespace KappaAspire.Pipeline.Model;

/// <summary>The scorer's verdict on one reading.</summary>
/// <param name="ExpectedPower">Power the model expected, in W.</param>
/// <param name="Score">Robust z-score (capped at <see cref="AnomalyScorer.MaxScore"/>): the largest of the point, sustained-shift and repeat-run surprises for the sensor.</param>
/// <param name="IsAnomaly">Score at or above the sensor's threshold, and the sensor's window was full (<see cref="Features.FeatureVector.IsWarm"/>).</param>
public readonly record struct AnomalyScore(double ExpectedPower, double Score, bool IsAnomaly);
