namespace KappaAspire.Pipeline.Features;

/// <summary>Median-based statistics over small spans, so a spike or a drift in the window does not move the sensor's level.</summary>
public static class RobustStatistics
{
    /// <summary>Scale factor turning a median absolute deviation into a standard deviation for normal data.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>Median of <paramref name="values"/> (finite numbers); reorders the span in place.</summary>
    /// <remarks>
    /// Features take several medians per reading, so this selects rather than sorts: the same order statistics, hence
    /// exactly the value a sort would give, in linear time.
    /// </remarks>
    public static double MedianInPlace(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return 0;
        }

        var mid = values.Length / 2;
        var upper = SelectInPlace(values, mid);
        if (values.Length % 2 == 1)
        {
            return upper;
        }

        // Selection leaves the mid smallest values below mid: the lower middle is their largest.
        var lower = values[0];
        for (var i = 1; i < mid; i++)
        {
            lower = Math.Max(lower, values[i]);
        }

        return (lower + upper) / 2;
    }

    /// <summary>
    /// The <paramref name="k"/>-th smallest of <paramref name="values"/> (0-based, finite numbers). Reorders the span so that
    /// every value before index k is at most it and every value after is at least it (Hoare's selection).
    /// </summary>
    public static double SelectInPlace(Span<double> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        var lo = 0;
        var hi = values.Length - 1;
        // Past this many partitions the pivots were poor (adversarial order): sorting the rest bounds the cost.
        var partitionsLeft = 2 * (int)Math.Log2(values.Length) + 4;
        while (hi - lo >= SmallRange)
        {
            if (partitionsLeft-- == 0)
            {
                break;
            }

            var pivot = MedianOfThree(values, lo, lo + (hi - lo) / 2, hi);
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            // Now [lo..j] ≤ pivot ≤ [i..hi], and anything between j and i equals the pivot.
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return values[k];
        }

        var rest = values[lo..(hi + 1)];
        if (rest.Length < SmallRange)
        {
            InsertionSort(rest);
        }
        else
        {
            rest.Sort();
        }

        return values[k];
    }

    // What is left of a selection is usually a few values: sorted here without the general sort's set-up, which cost as
    // much as the selection itself.
    private static void InsertionSort(Span<double> values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            var value = values[i];
            var j = i - 1;
            while (j >= 0 && values[j] > value)
            {
                values[j + 1] = values[j];
                j--;
            }

            values[j + 1] = value;
        }
    }

    private const int SmallRange = 16;

    private static double MedianOfThree(Span<double> values, int a, int b, int c)
    {
        double x = values[a], y = values[b], z = values[c];
        return x < y ? (y < z ? y : Math.Max(x, z)) : (x < z ? x : Math.Max(y, z));
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
