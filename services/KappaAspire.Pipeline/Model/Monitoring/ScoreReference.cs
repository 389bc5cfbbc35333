namespace KappaAspire.Pipeline.Model.Monitoring;

/// <summary>
/// How a model's scores are distributed on readings it has not learnt from (its holdout, scored by the finished model),
/// stored in the package so that serving can measure drift without the training data: quantile bin edges, pooled over
/// sensors, and the share of reference readings in each bin. Shares are counted, not assumed to be equal, because scores
/// tie (many readings score the same small value) and tied quantiles merge into one bin.
/// </summary>
/// <param name="Edges">Upper bounds of every bin but the last, ascending and distinct: a score falls in the first bin whose edge is at least the score.</param>
/// <param name="Shares">Share of reference readings per bin (<c>Edges.Count + 1</c> values summing to 1).</param>
/// <param name="Readings">Reference readings the shares rest on.</param>
public sealed record ScoreReference(IReadOnlyList<double> Edges, IReadOnlyList<double> Shares, int Readings)
{
    /// <summary>Ten bins: the usual resolution of a population stability index, fine enough to see a shift of the tail.</summary>
    public const int DefaultBins = 10;

    /// <summary>Floor of a bin's share in the PSI: an empty bin would otherwise make the logarithm infinite.</summary>
    public const double Epsilon = 1e-4;

    /// <summary>The reference of <paramref name="scores"/>; null when there are none.</summary>
    public static ScoreReference? From(IEnumerable<double> scores, int bins = DefaultBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        var sorted = scores.Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var edges = new List<double>(bins - 1);
        for (var k = 1; k < bins; k++)
        {
            var edge = TailQuantile.Empirical(sorted, 1 - (double)k / bins);
            // An edge at the maximum would leave the top bin empty in the reference itself.
            if ((edges.Count == 0 || edge > edges[^1]) && edge < sorted[^1])
            {
                edges.Add(edge);
            }
        }

        var reference = new ScoreReference(edges, [], sorted.Length);
        var counts = new int[edges.Count + 1];
        foreach (var score in sorted)
        {
            counts[reference.BinOf(score)]++;
        }

        return reference with { Shares = [.. counts.Select(c => (double)c / sorted.Length)] };
    }

    public int BinCount => Edges.Count + 1;

    /// <summary>The bin of <paramref name="score"/>: the number of edges below it.</summary>
    public int BinOf(double score)
    {
        int low = 0, high = Edges.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (Edges[middle] < score)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>
    /// Population stability index of <paramref name="scores"/> against this reference: Σ (live − reference) · ln(live /
    /// reference) over the bins, each share floored at <see cref="Epsilon"/>. Below 0.1 is read as no shift, 0.1–0.25 as
    /// moderate, above 0.25 as significant. NaN for no scores.
    /// </summary>
    public double Psi(IEnumerable<double> scores)
    {
        var counts = new long[BinCount];
        long total = 0;
        foreach (var score in scores)
        {
            counts[BinOf(score)]++;
            total++;
        }

        if (total == 0)
        {
            return double.NaN;
        }

        var psi = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            var live = Math.Max((double)counts[i] / total, Epsilon);
            var expected = Math.Max(Shares[i], Epsilon);
            psi += (live - expected) * Math.Log(live / expected);
        }

        return psi;
    }
}
