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
        return MeanStdWithin(values, median, limit);
    }

    // Mean and standard deviation of the values within limit of the median, summed in their order.
    private static (double Mean, double StdDev) MeanStdWithin(ReadOnlySpan<double> values, double median, double limit)
    {
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

    /// <summary>Median of values already in ascending order: what <see cref="MedianInPlace"/> gives for them, read off.</summary>
    public static double MedianOfSorted(ReadOnlySpan<double> sorted)
    {
        if (sorted.IsEmpty)
        {
            return 0;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// Median of <paramref name="sorted"/> (ascending) without the values of <paramref name="except"/>, each taken out
    /// once (they must be among them): the median of the rest, as <see cref="MedianInPlace"/> gives it.
    /// </summary>
    public static double MedianOfSortedExcept(ReadOnlySpan<double> sorted, ReadOnlySpan<double> except)
    {
        Span<double> skip = stackalloc double[except.Length];
        except.CopyTo(skip);
        skip.Sort();
        var count = sorted.Length - skip.Length;
        if (count <= 0)
        {
            return 0;
        }

        // Walk the rest in order up to its middle value(s).
        var mid = count / 2;
        double lower = 0, upper = 0;
        var rank = 0;
        var s = 0;
        foreach (var value in sorted)
        {
            if (s < skip.Length && value == skip[s])
            {
                s++;
                continue;
            }

            if (rank == mid - 1)
            {
                lower = value;
            }
            else if (rank == mid)
            {
                upper = value;
                break;
            }

            rank++;
        }

        return count % 2 == 1 ? upper : (lower + upper) / 2;
    }

    /// <summary>
    /// <see cref="TrimmedMeanStd(ReadOnlySpan{double}, double)"/> for a window whose values are also at hand sorted: the
    /// median and the median absolute deviation are read from <paramref name="sorted"/> instead of selected, the sums taken
    /// over <paramref name="values"/> in their order, so the result is the same to the last bit.
    /// </summary>
    public static (double Mean, double StdDev) TrimmedMeanStd(ReadOnlySpan<double> values, ReadOnlySpan<double> sorted, double cutoff = 3.5)
    {
        if (values.IsEmpty)
        {
            return (0, 0);
        }

        var median = MedianOfSorted(sorted);
        var limit = cutoff * MadToSigma * MedianAbsoluteDeviation(sorted, median);
        return MeanStdWithin(values, median, limit);
    }

    // The median of |x − median| over sorted values: the deviations grow outwards from the median on both sides, so
    // merging the two runs reaches the middle ones in n/2 steps.
    private static double MedianAbsoluteDeviation(ReadOnlySpan<double> sorted, double median)
    {
        var right = 0;
        while (right < sorted.Length && sorted[right] < median)
        {
            right++;
        }

        var left = right - 1;
        var mid = sorted.Length / 2;
        double previous = 0, current = 0;
        for (var rank = 0; rank <= mid; rank++)
        {
            previous = current;
            var fromLeft = left >= 0 ? Math.Abs(sorted[left] - median) : double.PositiveInfinity;
            var fromRight = right < sorted.Length ? Math.Abs(sorted[right] - median) : double.PositiveInfinity;
            if (fromLeft <= fromRight)
            {
                current = fromLeft;
                left--;
            }
            else
            {
                current = fromRight;
                right++;
            }
        }

        return sorted.Length % 2 == 1 ? current : (previous + current) / 2;
    }
}
