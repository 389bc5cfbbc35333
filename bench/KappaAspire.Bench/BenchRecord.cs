using System.Globalization;
using System.Text;

namespace KappaAspire.Bench;

/// <summary>Appends a result table to docs/benchmarks.md with the command and the machine that produced it.</summary>
internal static class BenchRecord
{
    public static void Append(string title, string command, string table)
    {
        var path = Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "benchmarks.md");
        var entry = new StringBuilder()
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"### {title}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Environment.OSVersion}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"`dotnet run -c Release --project bench/KappaAspire.Bench -- {command} --record`")
            .AppendLine()
            .Append(table);
        File.AppendAllText(path, entry.ToString());
        Console.WriteLine($"Appended to {path}");
    }
}
