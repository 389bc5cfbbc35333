namespace KappaAspire.Bench.Nab;

/// <summary>
/// NAB's leaderboard threshold: one per detector and profile over the whole corpus, the one that maximizes the raw score.
/// An exact search: only the distinct score values (after the probationary periods) change which rows are detections, so
/// every one of them is tried, in one pass over the rows sorted by descending score, each row updating the total in O(1)
/// (O(n log n) in all; 35 files of 5,000 rows take milliseconds). NAB's current optimizer sweeps thresholds the same way;
/// its earlier local search could only match this or fall short. Ties go to the highest threshold, as NAB keeps the first
/// best in the same descending order.
/// </summary>
public static class NabThreshold
{
    /// <summary>Detections at <paramref name="threshold"/>: row i is one when its score ≥ the threshold.</summary>
    public static bool[] Apply(ReadOnlySpan<double> scores, double threshold)
    {
        var detections = new bool[scores.Length];
        for (var i = 0; i < scores.Length; i++)
            detections[i] = scores[i] >= threshold;
        return detections;
    }

    /// <summary>The threshold with the best corpus score for <paramref name="profile"/>, and the scores it gives.</summary>
    public static NabThresholdResult Optimize(NabCorpus corpus, IReadOnlyDictionary<string, double[]> scores, NabProfile profile)
    {
        var best = new NabThresholdPoint(double.PositiveInfinity, double.NegativeInfinity);
        foreach (var point in Sweep(corpus, scores, profile))
            if (point.Score > best.Score)
                best = point;
        var detections = corpus.Files.ToDictionary(f => f.Key, f => Apply(scores[f.Key], best.Threshold), StringComparer.Ordinal);
        return new NabThresholdResult(best.Threshold, NabScorer.Score(corpus, detections, profile));
    }

    /// <summary>
    /// The corpus raw score at every threshold that makes a difference, highest threshold first: +∞ (no detection), then
    /// each distinct score value found after the probationary periods.
    /// </summary>
    public static IReadOnlyList<NabThresholdPoint> Sweep(NabCorpus corpus, IReadOnlyDictionary<string, double[]> scores, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(profile);
        NabScorer.CheckKeys(corpus, scores.Keys, nameof(scores));

        var rows = ScorableRows(corpus, scores, profile, out var windowCount);
        Array.Sort(rows.Keys, rows.Items); // keys are negated scores: ascending key is descending score

        // Each window holds −A_FN until its first detection, then the best (earliest-row) weight seen, which is what the
        // earliest detection at this threshold earns; false positives just add up.
        var windowScore = new double[windowCount];
        Array.Fill(windowScore, -profile.FnWeight);
        var total = NabScorer.NullScore(corpus, profile);
        var points = new List<NabThresholdPoint> { new(double.PositiveInfinity, total) };
        for (var i = 0; i < rows.Keys.Length; i++)
        {
            var (weight, window) = rows.Items[i];
            if (window < 0)
                total += weight;
            else if (weight > windowScore[window])
            {
                total += weight - windowScore[window];
                windowScore[window] = weight;
            }
            if (i == rows.Keys.Length - 1 || rows.Keys[i + 1] != rows.Keys[i])
                points.Add(new NabThresholdPoint(-rows.Keys[i], total));
        }
        return points;
    }

    // One entry per row after the probationary periods: its negated score, what detecting it is worth, and its window
    // (numbered across the corpus; −1 outside every window).
    private static (double[] Keys, (double Weight, int Window)[] Items) ScorableRows(
        NabCorpus corpus, IReadOnlyDictionary<string, double[]> scores, NabProfile profile, out int windowCount)
    {
        var count = corpus.Files.Sum(f => f.RowCount - Math.Min(f.ProbationaryRows, f.RowCount));
        var keys = new double[count];
        var items = new (double, int)[count];
        var n = 0;
        windowCount = 0;
        foreach (var file in corpus.Files)
        {
            var fileScores = scores[file.Key];
            if (fileScores.Length != file.RowCount)
                throw new ArgumentException($"{file.Key}: {fileScores.Length} scores for {file.RowCount} rows.", nameof(scores));
            NabWindow? previous = null;
            var w = 0;
            for (var row = 0; row < file.RowCount; row++)
            {
                var inWindow = w < file.Windows.Count && file.Windows[w].Contains(row);
                if (row >= file.ProbationaryRows)
                {
                    var score = fileScores[row];
                    if (!double.IsFinite(score))
                        throw new ArgumentException($"{file.Key}: row {row} has score {score}; scores must be finite.", nameof(scores));
                    keys[n] = -score;
                    items[n++] = inWindow
                        ? (NabWeights.TruePositive(file.Windows[w], row, profile), windowCount + w)
                        : (NabWeights.FalsePositive(previous, row, profile), -1);
                }
                if (inWindow && row == file.Windows[w].Last)
                    previous = file.Windows[w++];
            }
            windowCount += file.Windows.Count;
        }
        return (keys, items);
    }
}
