namespace KappaAspire.Pipeline.Features;

/// <summary>Median-based statistics over small spans, so a spike or a drift in the window does not move the sensor's level.</summary>
public static class RobustStatistics
{
    /// <summary>Scale factor turning a median absolute deviation into a standard deviation for normal data.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>Median of <paramref name="values"/>; sorts the span in place.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>
    /// Mean and standard deviation of the values within <paramref name="cutoff"/> robust sigmas of the median
    /// (a Hampel filter): close to the plain mean on clean data, unmoved by a minority of outliers.
    /// </summary>
    public static (double Mean, double StdDev) TrimmedMeanStd(ReadOnlySpan<double> values, double cutoff = 3.5)
    {
        if (values.IsEmpty)
        {
            return (0, 0);
        }

        Span<double> scratch = values.Length <= 256 ? stackalloc double[values.Length] : new double[values.Length];
        values.CopyTo(scratch);
        var median = MedianInPlace(scratch);
        for (var i = 0; i < values.Length; i++)
        {
            scratch[i] = Math.Abs(values[i] - median);
        }

        var limit = cutoff * MadToSigma * MedianInPlace(scratch);
        double sum = 0, sumSquares = 0;
        var count = 0;
        foreach (var value in values)
        {
            if (Math.Abs(value - median) <= limit)
            {
                sum += value;
                sumSquares += value * value;
                count++;
            }
        }

        // count ≥ 1: at least half the values lie within one MAD of the median.
        var mean = sum / count;
        var variance = Math.Max(0, sumSquares / count - mean * mean);
        return (mean, Math.Sqrt(variance));
    }
}
