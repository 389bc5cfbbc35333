namespace KappaAspire.Pipeline.Simulation;

/// <summary>A CSV row that is not a valid reading; the message names the line.</summary>
public sealed class CsvFormatException(int lineNumber, string problem)
    : FormatException($"Line {lineNumber}: {problem}")
{
    /// <summary>1-based line number in the file.</summary>
    public int LineNumber { get; } = lineNumber;

    public string Problem { get; } = problem;
}
