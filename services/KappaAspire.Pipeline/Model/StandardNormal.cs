namespace KappaAspire.Pipeline.Model;

/// <summary>Just enough of the standard normal distribution to put different signals on one z scale.</summary>
internal static class StandardNormal
{
    /// <summary>
    /// The z with P(|Z| &gt; z) = <paramref name="p"/>, i.e. Φ⁻¹(1 − p/2). Acklam's rational approximation
    /// (relative error below 1.2e-9); p at or below zero gives +∞.
    /// </summary>
    public static double TwoSidedZ(double p)
    {
        if (p >= 1)
        {
            return 0;
        }

        if (p <= 0)
        {
            return double.PositiveInfinity;
        }

        return -LowerQuantile(p / 2);
    }

    // Φ⁻¹(q) for 0 < q ≤ 0.5.
    private static double LowerQuantile(double q)
    {
        const double low = 0.02425;
        if (q < low)
        {
            var t = Math.Sqrt(-2 * Math.Log(q));
            return (((((-7.784894002430293e-03 * t - 3.223964580411365e-01) * t - 2.400758277161838e+00) * t - 2.549732539343734e+00) * t + 4.374664141464968e+00) * t + 2.938163982698783e+00)
                / ((((7.784695709041462e-03 * t + 3.224671290700398e-01) * t + 2.445134137142996e+00) * t + 3.754408661907416e+00) * t + 1);
        }

        var c = q - 0.5;
        var r = c * c;
        return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * c
            / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1);
    }
}
