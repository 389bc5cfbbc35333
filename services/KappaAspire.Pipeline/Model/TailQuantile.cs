namespace KappaAspire.Pipeline.Model;

/// <summary>
/// The score exceeded by a fraction <c>p</c> of normal readings, two ways: <see cref="EstimateSorted"/> reads it from the
/// body of the distribution and extrapolates into the tail (Pickands' estimator of the tail shape, Dekkers–de Haan
/// quantile), which resolves small <c>p</c> from few readings when the tail continues the body;
/// <see cref="Conformal"/> ranks the scores themselves, which holds whatever the tail is (bursty meters whose top scores
/// are another population than the body), but needs about 1/p readings.
/// </summary>
public static class TailQuantile
{
    /// <summary>Tail share at which extrapolation starts.</summary>
    private const double Anchor = 0.1;

    private const double MaxShape = 1.0;
    private const double MinShape = -0.5;

    public static double Estimate(IReadOnlyList<double> scores, double p) => EstimateSorted([.. scores.Order()], p);

    /// <inheritdoc cref="Estimate"/>
    /// <param name="sorted">The scores in ascending order.</param>
    public static double EstimateSorted(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No scores to take a quantile of.", nameof(sorted));
        }

        if (p >= Anchor)
        {
            return Empirical(sorted, p);
        }

        var q1 = Empirical(sorted, 4 * Anchor);
        var q2 = Empirical(sorted, 2 * Anchor);
        var q3 = Empirical(sorted, Anchor);
        if (!(q3 > q2 && q2 > q1))
        {
            // Ties in the body (e.g. most scores 0): no shape to read; fall back to the empirical quantile.
            return Empirical(sorted, p);
        }

        var shape = Math.Clamp(Math.Log2((q3 - q2) / (q2 - q1)), MinShape, MaxShape);
        var ratio = Anchor / p;
        var growth = Math.Abs(shape) < 1e-6 ? Math.Log2(ratio) : (Math.Pow(ratio, shape) - 1) / (1 - Math.Pow(2, -shape));
        return q3 + (q3 - q2) * growth;
    }

    /// <summary>
    /// The split-conformal quantile: the smallest calibration score that a new reading from the same distribution exceeds
    /// with probability at most <paramref name="p"/>, whatever that distribution: the ⌈(n + 1)(1 − p)⌉-th smallest of n.
    /// With fewer than 1/p − 1 scores no rank is that safe and the largest one is returned.
    /// </summary>
    /// <param name="sorted">The scores in ascending order.</param>
    public static double Conformal(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No scores to take a quantile of.", nameof(sorted));
        }

        var rank = (int)Math.Ceiling((sorted.Length + 1) * (1 - p));
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    /// <summary>The score with a share <paramref name="tail"/> of <paramref name="sorted"/> above it.</summary>
    public static double Empirical(double[] sorted, double tail)
    {
        var index = (int)Math.Clamp(Math.Ceiling((1 - tail) * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index];
    }
}
