using System.Text.Json;
using System.Text.Json.Serialization;
using KappaAspire.Bench.Nab;

namespace KappaAspire.Bench.Tests;

/// <summary>
/// NAB's published figures for the 35-file subset, compact enough to commit (Fixtures/nab-published.json, written by
/// <see cref="NabFixtureGenerator"/>, never by hand): each file's length and window rows, and for each published
/// detector its thresholds per profile, the rows it scored at least <see cref="FixtureDetector.ScoreFloor"/> (every
/// threshold that matters is above it, so detections at those thresholds are exact), and the published per-file figures.
/// </summary>
internal sealed record NabFixture(string About, IReadOnlyList<FixtureFile> Files, IReadOnlyList<FixtureDetector> Detectors)
{
    public const string FileName = "nab-published.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly Lazy<NabFixture> Committed = new(() => JsonSerializer.Deserialize<NabFixture>(CommittedText(), Json)!);

    private NabCorpus? _corpus;

    /// <summary>The fixture as committed (copied beside the test assembly).</summary>
    public static NabFixture Load() => Committed.Value;

    /// <summary>The committed file's text, as copied beside the test assembly.</summary>
    public static string CommittedText() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", FileName)).ReplaceLineEndings("\n");

    public string Serialize() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>The corpus the fixture describes: files known by length and windows only.</summary>
    [JsonIgnore]
    public NabCorpus Corpus => _corpus ??= new NabCorpus(Files.Select(f =>
        NabFile.FromLayout(f.Key, f.Rows, f.Windows.Select(w => new NabWindow(w[0], w[1])).ToArray())));

    public FixtureDetector Detector(string name) => Detectors.Single(d => d.Name == name);
}

internal sealed record FixtureFile(string Key, int Rows, int[][] Windows);

/// <param name="Thresholds">The threshold NAB's published outputs were scored at, per profile, and where it comes from.</param>
internal sealed record FixtureDetector(string Name, double ScoreFloor, IReadOnlyList<FixtureThreshold> Thresholds, IReadOnlyList<FixtureDetectorFile> Files)
{
    public double Threshold(NabProfile profile) => Thresholds.Single(t => t.Profile == profile.Name).Threshold;

    public FixtureDetectorFile File(string key) => Files.Single(f => f.Key == key);

    /// <summary>The detector's scores per file; rows under the floor (not kept) score double.MinValue, below any threshold used.</summary>
    public IReadOnlyDictionary<string, double[]> Scores(NabCorpus corpus) => corpus.Files.ToDictionary(f => f.Key, f =>
    {
        var scores = new double[f.RowCount];
        Array.Fill(scores, double.MinValue);
        var kept = File(f.Key);
        for (var i = 0; i < kept.Rows.Length; i++)
            scores[kept.Rows[i]] = kept.Scores[i];
        return scores;
    }, StringComparer.Ordinal);

    /// <summary>Detections at the published threshold for <paramref name="profile"/>.</summary>
    public IReadOnlyDictionary<string, bool[]> Detections(NabCorpus corpus, NabProfile profile) =>
        Scores(corpus).ToDictionary(s => s.Key, s => NabThreshold.Apply(s.Value, Threshold(profile)), StringComparer.Ordinal);
}

internal sealed record FixtureThreshold(string Profile, double Threshold, string Source);

/// <param name="Rows">Rows scoring at least the detector's floor, ascending, probationary ones included.</param>
/// <param name="Scores">Their published anomaly scores.</param>
/// <param name="Published">The file's rows of <c>&lt;detector&gt;_&lt;profile&gt;_scores.csv</c>, for each profile that has one.</param>
/// <param name="RowScoreSums">Per profile, the sum of the published S(t)_&lt;profile&gt; column: the file's raw score at that profile's threshold.</param>
internal sealed record FixtureDetectorFile(string Key, int[] Rows, double[] Scores, IReadOnlyList<FixturePublishedRow> Published,
    IReadOnlyDictionary<string, double> RowScoreSums);

internal sealed record FixturePublishedRow(string Profile, double Score, int TP, int TN, int FP, int FN, int TotalCount);
