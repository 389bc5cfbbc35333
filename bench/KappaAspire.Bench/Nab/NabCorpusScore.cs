namespace KappaAspire.Bench.Nab;

/// <summary>NAB's result for a corpus under one profile: the per-file results and the normalized score.</summary>
/// <param name="NullScore">Raw score of the detector that never fires (every scorable window missed).</param>
/// <param name="PerfectScore">Raw score NAB calls perfect: A_TP for every window, a detection on each left edge.</param>
public sealed record NabCorpusScore(NabProfile Profile, IReadOnlyList<NabFileScore> Files, double NullScore, double PerfectScore)
{
    /// <summary>The raw score: the sum of the files' scores.</summary>
    public double Score => Files.Sum(f => f.Score);

    /// <summary>100 × (raw − null) / (perfect − null): 0 for never firing, 100 for perfect; NaN for a corpus without windows.</summary>
    public double Normalized => NabScorer.Normalize(Score, NullScore, PerfectScore);

    public int TruePositives => Files.Sum(f => f.TruePositives);
    public int FalsePositives => Files.Sum(f => f.FalsePositives);
    public int TrueNegatives => Files.Sum(f => f.TrueNegatives);
    public int FalseNegatives => Files.Sum(f => f.FalseNegatives);
    public int Windows => Files.Sum(f => f.Windows);
    public int WindowsDetected => Files.Sum(f => f.WindowsDetected);
}
