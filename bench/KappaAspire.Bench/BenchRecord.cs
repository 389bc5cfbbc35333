using System.Globalization;
using System.Text;

namespace KappaAspire.Bench;

/// <summary>
/// Writes a benchmark's result, with the command and the machine that produced it, into docs/benchmarks.md as that
/// benchmark's latest run: the text between its <c>&lt;!-- latest:benchmark --&gt;</c> markers is replaced (the markers are
/// appended when the file has none yet). The history tables beside them are kept by hand, one line per run worth keeping.
/// </summary>
internal static class BenchRecord
{
    public static void Record(string title, string command, string table)
    {
        var path = Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "benchmarks.md");
        var entry = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"#### Latest run: {title}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Environment.OSVersion}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/KappaAspire.Bench -- {command} --record`")
            .AppendLine()
            .Append(table)
            .ToString();
        var benchmark = command.Split(' ', 2)[0]; // the region is the benchmark's, whatever its arguments
        File.WriteAllText(path, ReplaceLatest(File.ReadAllText(path), benchmark, entry));
        Console.WriteLine($"Recorded as the latest {benchmark} run in {path}");
    }

    /// <summary>The document with the region of <paramref name="benchmark"/> holding <paramref name="entry"/>.</summary>
    public static string ReplaceLatest(string document, string benchmark, string entry)
    {
        var begin = $"<!-- latest:{benchmark} -->";
        var end = $"<!-- /latest:{benchmark} -->";
        var region = $"{begin}\n{entry.TrimEnd()}\n{end}";
        var start = document.IndexOf(begin, StringComparison.Ordinal);
        var stop = start < 0 ? -1 : document.IndexOf(end, start, StringComparison.Ordinal);
        if (start < 0 || stop < 0) return document.TrimEnd() + "\n\n" + region + "\n";
        return document[..start] + region + document[(stop + end.Length)..];
    }
}
