namespace KappaAspire.Bench.Nab;

/// <summary>The corpus-optimal threshold and the full result of detecting with it (a row is a detection when its score ≥ it).</summary>
/// <param name="Threshold">+∞ when flagging nothing beats every threshold.</param>
public sealed record NabThresholdResult(double Threshold, NabCorpusScore Score)
{
    public double Normalized => Score.Normalized;
}
