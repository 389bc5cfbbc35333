namespace KappaAspire.Pipeline.Model;

/// <summary>Centre and robust width of one signal on normal data: <c>z = |x − Median| / Scale</c>.</summary>
/// <param name="Median">Median of the signal.</param>
/// <param name="Scale">1.4826 × its median absolute deviation (a standard deviation for normal data), floored so z stays finite.</param>
public readonly record struct ResidualScale(double Median, double Scale)
{
    /// <summary>A perfect fit would give a zero scale; keep z finite.</summary>
    public const double MinimumScale = 1e-6;

    public double Z(double value) => Math.Abs(value - Median) / Scale;

    /// <summary>Median and MAD of <paramref name="values"/> (reordered in place).</summary>
    public static ResidualScale Fit(Span<double> values)
    {
        var median = Features.RobustStatistics.MedianInPlace(values);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - median);
        }

        var scale = Features.RobustStatistics.MadToSigma * Features.RobustStatistics.MedianInPlace(values);
        return new ResidualScale(median, Math.Max(scale, MinimumScale));
    }
}
