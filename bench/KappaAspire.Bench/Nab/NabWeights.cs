namespace KappaAspire.Bench.Nab;

/// <summary>
/// What one detection is worth under NAB's rules, by where its row lies. Shared by the scorer and the threshold sweep
/// so that both apply one definition.
/// </summary>
internal static class NabWeights
{
    private static readonly double SigmoidAtLeftEdge = ScaledSigmoid(-1.0);

    /// <summary>
    /// NAB's scaled sigmoid σ(y) = 2 / (1 + e^(5y)) − 1: near +1 early in a window (y → −1), 0 at its right edge, falling
    /// towards −1 after it; NAB pins it to −1 from 3 window widths past a window on.
    /// </summary>
    public static double ScaledSigmoid(double y) => y > 3.0 ? -1.0 : 2.0 / (1.0 + Math.Exp(5.0 * y)) - 1.0;

    /// <summary>
    /// A detection at <paramref name="row"/> inside <paramref name="window"/>: position y = −(last − row + 1) / width runs
    /// from −1 at the left edge to −1/width at the right; scaled so the left edge earns exactly A_TP.
    /// </summary>
    public static double TruePositive(NabWindow window, int row, NabProfile profile) =>
        profile.TpWeight * ScaledSigmoid(-(window.Last - row + 1) / (double)window.Width) / SigmoidAtLeftEdge;

    /// <summary>
    /// A detection at <paramref name="row"/> outside every window (a negative number). After a window, y = (row − last) /
    /// (width − 1), so a detection just past a window, which likely saw the same anomaly late, costs little; before any
    /// window it costs the full A_FP. A one-row window gives a zero divisor, read as infinitely far: full cost.
    /// </summary>
    public static double FalsePositive(NabWindow? previous, int row, NabProfile profile) =>
        profile.FpWeight * (previous is { } w ? ScaledSigmoid(Math.Abs(row - w.Last) / (double)(w.Width - 1)) : -1.0);
}
