namespace KappaAspire.Pipeline.Model;

/// <summary>What turns the regression's expected power into an anomaly verdict; stored in the package metadata.</summary>
/// <param name="Threshold">Score from which on a reading is an anomaly (chosen on the validation split).</param>
/// <param name="ResidualMedian">Median of the training residuals (relative: (actual − expected) / expected).</param>
/// <param name="ResidualScale">1.4826 × MAD of the same residuals: their robust standard deviation.</param>
public sealed record ScoringParameters(double Threshold, double ResidualMedian, double ResidualScale);
