namespace KappaAspire.Pipeline.Model;

/// <summary>Centre and robust width of one signal on normal data: <c>z = |x − Median| / Scale</c>.</summary>
/// <param name="Median">Median of the signal.</param>
/// <param name="Scale">1.4826 × its median absolute deviation (a standard deviation for normal data), floored so z stays finite.</param>
public readonly record struct ResidualScale(double Median, double Scale)
{
    /// <summary>A perfect fit would give a zero scale; keep z finite.</summary>
    public const double MinimumScale = 1e-6;

    /// <summary>
    /// Least width of a signal relative to the sensor's level: meters are accurate to 0.2–2 % of what they read
    /// (accuracy classes), so a deviation under 0.1 % is no evidence, however well the model fitted a noiseless series.
    /// </summary>
    public const double MinimumRelativeScale = 1e-3;

    private const double MeanDeviationToSigma = 1.2533141373155003;

    public double Z(double value) => Math.Abs(value - Median) / Scale;

    /// <summary>Median and MAD of <paramref name="values"/> (reordered in place).</summary>
    /// <param name="values">The signal on normal data.</param>
    /// <param name="minimumScale">Least width: what the signal's resolution makes indistinguishable from zero.</param>
    public static ResidualScale Fit(Span<double> values, double minimumScale = MinimumScale)
    {
        var median = Features.RobustStatistics.MedianInPlace(values);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - median);
        }

        var scale = Features.RobustStatistics.MadToSigma * Features.RobustStatistics.MedianInPlace(values);
        if (scale < minimumScale)
        {
            // Over half the values sit on the median, to within the signal's resolution (idle meters, square waves, a
            // perfect fit): the MAD says "no spread" though there is some. The mean absolute deviation (× √(π/2), a σ
            // for normal data) sees it.
            double sum = 0;
            foreach (var deviation in values)
            {
                sum += deviation;
            }

            scale = MeanDeviationToSigma * sum / Math.Max(1, values.Length);
        }

        return new ResidualScale(median, Math.Max(scale, minimumScale));
    }
}
