namespace KappaAspire.Pipeline.Model;

/// <summary>
/// How surprising it is that power barely moved since the previous reading, in z units: the signal for a stuck sensor,
/// whose repeated value can sit close to the expected power and so escape the residual.
/// </summary>
/// <remarks>
/// With normal jitter, the change Δ between consecutive readings is roughly N(0, σ²) with σ = typicalStep / 0.6745
/// (typicalStep being the window's median |Δ|). P(|Δ| ≤ d) = erf(d / (σ√2)) is then converted to the z with the same
/// two-sided tail probability, so it compares directly with the residual's robust z. Only near-repeats score: a change of
/// more than about 0.7σ already has P ≥ 0.5 and scores zero.
/// </remarks>
internal static class FlatlineSignal
{
    private const double MedianAbsToSigma = 1 / 0.6744897501960817;

    public static double Score(double power, double previousPower, double typicalStep)
    {
        var change = Math.Abs(power - previousPower);
        if (change == 0)
        {
            return double.PositiveInfinity;
        }

        var sigma = typicalStep * MedianAbsToSigma;
        if (sigma <= 0)
        {
            return 0; // no jitter in the window (it was stuck itself): any movement is a relief, not a repeat
        }

        var x = change / (sigma * Math.Sqrt(2));
        return x >= 0.5 ? 0 : StandardNormal.TwoSidedZ(StandardNormal.ErfSmall(x));
    }
}
