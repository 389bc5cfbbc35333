namespace KappaAspire.Bench.Nab;

/// <summary>
/// Scores detections the way NAB does (see the dataset's README for the rules restated): per file a raw score, over a
/// corpus their sum normalized between the detector that never fires (0) and the perfect one (100).
/// </summary>
public static class NabScorer
{
    /// <summary>Scores one file; <paramref name="detections"/>[i] is true when row i is flagged as anomalous.</summary>
    public static NabFileScore Score(NabFile file, ReadOnlySpan<bool> detections, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(profile);
        if (detections.Length != file.RowCount)
            throw new ArgumentException($"{file.Key}: {detections.Length} detections for {file.RowCount} rows.", nameof(detections));

        var first = file.ProbationaryRows; // rows before it are ignored, whatever they hold
        double score = 0;
        int tp = 0, fp = 0, tn = 0, fn = 0, windows = 0, detected = 0;
        NabWindow? previous = null;

        void Outside(int from, int to, ReadOnlySpan<bool> flags)
        {
            for (var row = Math.Max(from, first); row < to; row++)
            {
                if (flags[row])
                {
                    fp++;
                    score += NabWeights.FalsePositive(previous, row, profile);
                }
                else
                    tn++;
            }
        }

        var next = 0;
        foreach (var window in file.Windows)
        {
            Outside(next, window.First, detections);
            if (window.Last >= first)
            {
                windows++;
                // Only the earliest detection counts: later ones in the same window neither earn nor cost anything.
                var earliest = -1;
                for (var row = Math.Max(window.First, first); row <= window.Last; row++)
                {
                    if (!detections[row])
                    {
                        fn++;
                        continue;
                    }
                    tp++;
                    if (earliest < 0)
                        earliest = row;
                }
                if (earliest >= 0)
                {
                    detected++;
                    score += NabWeights.TruePositive(window, earliest, profile);
                }
                else
                    score -= profile.FnWeight;
            }
            previous = window;
            next = window.Last + 1;
        }
        Outside(next, file.RowCount, detections);

        return new NabFileScore(file.Key, score, tp, fp, tn, fn, windows, detected);
    }

    /// <summary>Scores every file of <paramref name="corpus"/>; <paramref name="detections"/> needs an entry for each file and no other.</summary>
    public static NabCorpusScore Score(NabCorpus corpus, IReadOnlyDictionary<string, bool[]> detections, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(detections);
        CheckKeys(corpus, detections.Keys, nameof(detections));
        var files = corpus.Files.Select(f => Score(f, detections[f.Key], profile)).ToArray();
        return new NabCorpusScore(profile, files, NullScore(corpus, profile), PerfectScore(corpus, profile));
    }

    /// <summary>NAB's normalized score of <paramref name="detections"/> over <paramref name="corpus"/>.</summary>
    public static double Normalized(NabCorpus corpus, IReadOnlyDictionary<string, bool[]> detections, NabProfile profile) =>
        Score(corpus, detections, profile).Normalized;

    /// <summary>Raw score of never firing: −A_FN for each window NAB scores (one wholly in a probationary period it skips).</summary>
    public static double NullScore(NabCorpus corpus, NabProfile profile) =>
        -profile.FnWeight * corpus.Files.Sum(f => f.Windows.Count(w => w.Last >= f.ProbationaryRows));

    /// <summary>
    /// NAB's perfect raw score: A_TP for every labelled window, what a detection on each window's first row earns. Like NAB,
    /// this counts every window, so a window lying wholly in a probationary period would keep 100 out of reach; none of
    /// NAB's does.
    /// </summary>
    public static double PerfectScore(NabCorpus corpus, NabProfile profile) => profile.TpWeight * corpus.WindowCount;

    /// <summary>100 × (raw − null) / (perfect − null); NaN when the two bounds coincide (a corpus without windows).</summary>
    public static double Normalize(double raw, double nullScore, double perfectScore) =>
        perfectScore == nullScore ? double.NaN : 100.0 * (raw - nullScore) / (perfectScore - nullScore);

    // A file left out would silently score as never firing, and an unknown key is most likely a misspelt one.
    internal static void CheckKeys(NabCorpus corpus, IEnumerable<string> keys, string parameter)
    {
        var given = keys.ToHashSet(StringComparer.Ordinal);
        var missing = corpus.Files.Select(f => f.Key).Where(k => !given.Contains(k)).ToArray();
        var unknown = given.Where(k => !corpus.Contains(k)).Order(StringComparer.Ordinal).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"No entry for {missing.Length} corpus file(s): {string.Join(", ", missing.Take(5))}.", parameter);
        if (unknown.Length > 0)
            throw new ArgumentException($"Entries for file(s) not in the corpus: {string.Join(", ", unknown.Take(5))}.", parameter);
    }
}
