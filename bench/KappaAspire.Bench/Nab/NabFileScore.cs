namespace KappaAspire.Bench.Nab;

/// <summary>
/// NAB's result for one file. The counts are NAB's: rows after the probationary period, so a window of 400 rows with one
/// detection counts 1 true positive and 399 false negatives; <see cref="Windows"/> and <see cref="WindowsDetected"/>
/// count windows instead.
/// </summary>
/// <param name="Score">The raw score: what each window earned (or −A_FN if missed) plus what each false positive cost.</param>
/// <param name="TruePositives">Detections inside a window.</param>
/// <param name="FalsePositives">Detections outside every window.</param>
/// <param name="TrueNegatives">Rows outside every window without a detection.</param>
/// <param name="FalseNegatives">Rows inside a window without a detection.</param>
/// <param name="Windows">Windows with at least one row after the probationary period (the ones NAB scores).</param>
/// <param name="WindowsDetected">Of those, windows with a detection.</param>
public sealed record NabFileScore(
    string Key, double Score, int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives, int Windows, int WindowsDetected);
