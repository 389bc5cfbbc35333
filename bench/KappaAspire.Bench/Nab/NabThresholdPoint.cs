namespace KappaAspire.Bench.Nab;

/// <summary>The corpus raw score when every row scoring at least <see cref="Threshold"/> is a detection.</summary>
public readonly record struct NabThresholdPoint(double Threshold, double Score);
