using System.Globalization;

namespace KappaAspire.Bench.Tests;

/// <summary>
/// Reads NAB's published detector outputs in a NAB directory: <c>results/&lt;detector&gt;/&lt;category&gt;/&lt;detector&gt;_&lt;file&gt;</c>
/// (per row: anomaly_score, label, and S(t)_&lt;profile&gt;, the row's share of the file's score at NAB's threshold for that
/// profile) and <c>results/&lt;detector&gt;/&lt;detector&gt;_&lt;profile&gt;_scores.csv</c> (per file at the corpus threshold).
/// </summary>
internal static class PublishedResults
{
    public sealed record Rows(double[] AnomalyScores, int[] Labels, IReadOnlyDictionary<string, double> ScoreSums);

    public sealed record ScoreRow(string File, double Threshold, double Score, int TP, int TN, int FP, int FN, int TotalCount);

    public static Rows ReadRows(string directory, string detector, string key, IEnumerable<string> profiles)
    {
        var (category, name) = (key[..key.IndexOf('/')], key[(key.IndexOf('/') + 1)..]);
        var path = Path.Combine(directory, "results", detector, category, $"{detector}_{name}");
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int Column(string column) => Array.IndexOf(header, column) is var i and >= 0 ? i : throw new InvalidDataException($"{path}: no {column} column.");
        var scoreColumn = Column("anomaly_score");
        var labelColumn = Column("label");
        var sumColumns = profiles.ToDictionary(p => p, p => Column($"S(t)_{p}"));

        var data = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        return new Rows(
            data.Select(f => Number(f[scoreColumn])).ToArray(),
            data.Select(f => int.Parse(f[labelColumn], CultureInfo.InvariantCulture)).ToArray(),
            sumColumns.ToDictionary(c => c.Key, c => data.Sum(f => Number(f[c.Value]))));
    }

    /// <summary>The per-file rows of <c>&lt;detector&gt;_&lt;profile&gt;_scores.csv</c>, or null when NAB's results here lack it.</summary>
    public static IReadOnlyList<ScoreRow>? ReadScores(string directory, string detector, string profile)
    {
        var path = Path.Combine(directory, "results", detector, $"{detector}_{profile}_scores.csv");
        if (!File.Exists(path))
            return null;
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int Column(string column) => Array.IndexOf(header, column) is var i and >= 0 ? i : throw new InvalidDataException($"{path}: no {column} column.");
        int file = Column("File"), threshold = Column("Threshold"), score = Column("Score"), tp = Column("TP"), tn = Column("TN"),
            fp = Column("FP"), fn = Column("FN"), total = Column("Total_Count");
        return lines.Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split(','))
            .Where(f => f[file].Contains('/')) // NAB appends a "Totals" row to full-corpus tables
            .Select(f => new ScoreRow(f[file], Number(f[threshold]), Number(f[score]), Int(f[tp]), Int(f[tn]), Int(f[fp]), Int(f[fn]), Int(f[total])))
            .ToArray();
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
