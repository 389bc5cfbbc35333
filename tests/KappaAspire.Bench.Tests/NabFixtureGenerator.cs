using System.Globalization;
using KappaAspire.Bench.Nab;

namespace KappaAspire.Bench.Tests;

/// <summary>
/// Builds <see cref="NabFixture"/> from the full dataset: the corpus through <see cref="NabCorpus.Load"/>, the detectors'
/// outputs and figures through <see cref="PublishedResults"/>. Regenerate the committed file with
/// <c>dotnet test --project tests/KappaAspire.Bench.Tests -c Release --explicit only</c> (see <see cref="NabFixtureGeneration"/>).
/// </summary>
internal static class NabFixtureGenerator
{
    // A floor well under every threshold NAB publishes for these detectors (0.45 and up) keeps the fixture small (about
    // 1,500 rows a detector) yet leaves room for the optimizer. The null detector outputs 0.5 on every row, under its 0.6
    // threshold, so its floor is that threshold: nothing of it needs keeping.
    private static readonly (string Name, double Floor)[] Detectors = [("numenta", 0.3), ("randomCutForest", 0.3), ("null", 0.6)];

    // The published per-row values carry 12 significant digits; their sums agree with exact scores far closer than this.
    private const double SumTolerance = 1e-8;

    public static NabFixture Generate(string directory)
    {
        var corpus = NabCorpus.Load(directory);
        var profiles = NabProfile.Load(directory);
        var files = corpus.Files.Select(f => new FixtureFile(f.Key, f.RowCount, f.Windows.Select(w => new[] { w.First, w.Last }).ToArray())).ToArray();
        var detectors = Detectors.Select(d => Detector(directory, corpus, profiles, d.Name, d.Floor)).ToArray();
        const string about = "NAB (github.com/numenta/NAB, MIT) published results for the 35-file subset in shared/datasets/nab, "
            + "compacted by tests/KappaAspire.Bench.Tests/NabFixtureGenerator.cs; do not edit, regenerate.";
        return new NabFixture(about, files, detectors);
    }

    private static FixtureDetector Detector(string directory, NabCorpus corpus, IReadOnlyList<NabProfile> profiles, string name, double floor)
    {
        var names = profiles.Select(p => p.Name).ToArray();
        var rows = corpus.Files.ToDictionary(f => f.Key, f => PublishedResults.ReadRows(directory, name, f.Key, names), StringComparer.Ordinal);
        foreach (var file in corpus.Files)
            if (rows[file.Key].AnomalyScores.Length != file.RowCount)
                throw new InvalidDataException($"{name} results for {file.Key}: {rows[file.Key].AnomalyScores.Length} rows, the data has {file.RowCount}.");
        var scores = rows.ToDictionary(r => r.Key, r => r.Value.AnomalyScores, StringComparer.Ordinal);
        var tables = profiles.ToDictionary(p => p.Name, p => PublishedResults.ReadScores(directory, name, p.Name));

        var thresholds = new List<FixtureThreshold>();
        foreach (var profile in profiles)
            thresholds.Add(tables[profile.Name] is { } table
                ? Published(name, profile, table)
                : Inferred(corpus, scores, rows, profile, thresholds.FirstOrDefault(t => t.Profile == NabProfile.Standard.Name)?.Threshold));

        var detectorFiles = corpus.Files.Select(f =>
        {
            var kept = Enumerable.Range(0, f.RowCount).Where(i => scores[f.Key][i] >= floor).ToArray();
            var published = profiles
                .Where(p => tables[p.Name] is not null)
                .Select(p => (Profile: p.Name, Row: tables[p.Name]!.SingleOrDefault(r => r.File == f.Key)
                    ?? throw new InvalidDataException($"{name}_{p.Name}_scores.csv has no row for {f.Key}.")))
                .Select(x => new FixturePublishedRow(x.Profile, x.Row.Score, x.Row.TP, x.Row.TN, x.Row.FP, x.Row.FN, x.Row.TotalCount))
                .ToArray();
            return new FixtureDetectorFile(f.Key, kept, kept.Select(i => scores[f.Key][i]).ToArray(), published, rows[f.Key].ScoreSums);
        }).ToArray();
        return new FixtureDetector(name, floor, thresholds, detectorFiles);
    }

    private static FixtureThreshold Published(string name, NabProfile profile, IReadOnlyList<PublishedResults.ScoreRow> table)
    {
        var values = table.Select(r => r.Threshold).Distinct().ToArray();
        if (values.Length != 1)
            throw new InvalidDataException($"{name}_{profile.Name}_scores.csv: {values.Length} thresholds, NAB uses one per corpus.");
        return new FixtureThreshold(profile.Name, values[0], $"Threshold column of {name}_{profile.Name}_scores.csv");
    }

    /// <summary>
    /// The dataset has no scores table for this profile, so no published threshold; but each file's S(t) column sums to
    /// its raw score at that threshold. Every threshold that reproduces all those sums is equivalent for every published
    /// figure: take the standard one when it does (NAB often shares it), else the highest score value that does.
    /// </summary>
    private static FixtureThreshold Inferred(NabCorpus corpus, IReadOnlyDictionary<string, double[]> scores,
        IReadOnlyDictionary<string, PublishedResults.Rows> rows, NabProfile profile, double? standard)
    {
        List<(double Low, double High)> feasible = [(double.NegativeInfinity, double.PositiveInfinity)];
        foreach (var file in corpus.Files)
        {
            var target = rows[file.Key].ScoreSums[profile.Name];
            var sweep = NabThreshold.Sweep(new NabCorpus([file]), new Dictionary<string, double[]> { [file.Key] = scores[file.Key] }, profile);
            // A point's score holds for thresholds in (next point's threshold, its own].
            var matching = sweep
                .Select((p, i) => (Low: i + 1 < sweep.Count ? sweep[i + 1].Threshold : double.NegativeInfinity, High: p.Threshold, p.Score))
                .Where(p => Math.Abs(p.Score - target) <= SumTolerance)
                .Select(p => (p.Low, p.High))
                .ToArray();
            feasible = feasible
                .SelectMany(a => matching.Select(b => (Low: Math.Max(a.Low, b.Low), High: Math.Min(a.High, b.High))))
                .Where(i => i.Low < i.High)
                .ToList();
            if (feasible.Count == 0)
                throw new InvalidDataException($"No threshold reproduces the published S(t)_{profile.Name} sums up to {file.Key}.");
        }

        var text = string.Join(" ∪ ", feasible.OrderByDescending(i => i.High).Select(i => $"({Format(i.Low)}, {Format(i.High)}]"));
        var chosen = standard is { } s && feasible.Any(i => s > i.Low && s <= i.High)
            ? s
            : feasible.Where(i => double.IsFinite(i.High)).Max(i => i.High);
        return new FixtureThreshold(profile.Name, chosen,
            $"inferred: no {profile.Name} scores table; each file's S(t)_{profile.Name} column sums to its score for any threshold in {text}");
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
