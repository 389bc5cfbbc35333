using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Producer.Services;

/// <summary>One row of a replay file: a reading, or the reason the line is not one.</summary>
public readonly record struct ReplayRow(int LineNumber, LabeledReading? Reading, string? Problem);

/// <summary>
/// Reads a replay CSV with <see cref="CsvReadingSource"/> but does not stop at a bad row: the row comes back with its
/// line number and problem, and reading resumes on the next line, so one typo does not cost the rest of the file.
/// </summary>
public static class CsvReplayRows
{
    public static IEnumerable<ReplayRow> Read(TextReader reader, CsvReadingSource source)
    {
        var lines = new LineCountingReader(reader);
        var resumed = true;
        while (resumed)
        {
            resumed = false;

            // CsvReadingSource ends its enumeration at a bad row; a fresh one continues from the next line.
            using var rows = source.Read(lines).GetEnumerator();
            while (true)
            {
                ReplayRow row;
                try
                {
                    if (!rows.MoveNext())
                    {
                        break;
                    }
                    row = new ReplayRow(lines.LineNumber, rows.Current, null);
                }
                catch (CsvFormatException ex)
                {
                    // The source numbers lines from where it started; the counter knows the line in the file.
                    row = new ReplayRow(lines.LineNumber, null, ex.Problem);
                    resumed = true;
                }

                yield return row;
                if (resumed)
                {
                    break;
                }
            }
        }
    }

    private sealed class LineCountingReader(TextReader inner) : TextReader
    {
        public int LineNumber { get; private set; }

        public override string? ReadLine()
        {
            var line = inner.ReadLine();
            if (line is not null)
            {
                LineNumber++;
            }
            return line;
        }

        public override int Peek() => inner.Peek();

        // CsvReadingSource reads whole lines; character reads would bypass the count, so refuse them.
        public override int Read() => throw new NotSupportedException("Read lines with ReadLine.");
    }
}
