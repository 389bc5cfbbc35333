using System.Globalization;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Simulation;

/// <summary>
/// Readings from a CSV file for replay: <c>sensorId,timestamp,temperature,humidity,power[,label]</c>, with an optional
/// header row (first field <c>sensorId</c>). Timestamps without an offset are taken as UTC; labels are
/// <see cref="GroundTruth"/> values (<c>normal</c>, <c>anomaly</c>, <c>anomaly:spike</c>, or a bare kind) or empty.
/// Fields are plain: no quoting, no embedded commas. Blank lines and lines starting with <c>#</c> are skipped.
/// A bad row stops the read with a <see cref="CsvFormatException"/> naming its line.
/// </summary>
/// <remarks>
/// A row is validated as the record it becomes (<see cref="ReadingValidator"/>): the producer stamps that record with its
/// clock when it sends it, so <c>timeProvider</c>'s now is the earliest timestamp the record can carry, and a row that
/// passes here passes the consumers' check of the record too.
/// </remarks>
public sealed class CsvReadingSource(TimeProvider timeProvider)
{
    public static CsvReadingSource Default { get; } = new(TimeProvider.System);

    public IEnumerable<LabeledReading> ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        foreach (var reading in Read(reader))
        {
            yield return reading;
        }
    }

    /// <summary>Reads lazily; the reader must stay open until enumeration ends.</summary>
    public IEnumerable<LabeledReading> Read(TextReader reader)
    {
        var lineNumber = 0;
        var firstRow = true;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var trimmed = line.AsSpan().Trim();
            if (trimmed.IsEmpty || trimmed[0] == '#')
            {
                continue;
            }

            if (firstRow && IsHeader(trimmed))
            {
                firstRow = false;
                continue;
            }

            firstRow = false;
            yield return ParseRow(line, lineNumber);
        }
    }

    private static bool IsHeader(ReadOnlySpan<char> line)
    {
        var comma = line.IndexOf(',');
        return (comma < 0 ? line : line[..comma]).Trim().Equals("sensorId", StringComparison.OrdinalIgnoreCase);
    }

    private LabeledReading ParseRow(string line, int lineNumber)
    {
        var fields = line.Split(',', StringSplitOptions.TrimEntries);
        if (fields.Length is < 5 or > 6)
        {
            throw new CsvFormatException(lineNumber, $"expected 5 or 6 fields (sensorId,timestamp,temperature,humidity,power[,label]), found {fields.Length}");
        }

        var sensorId = fields[0];
        if (!DateTimeOffset.TryParse(fields[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp))
        {
            throw new CsvFormatException(lineNumber, $"timestamp '{fields[1]}' is not a date-time");
        }

        var temperature = ParseNumber(fields[2], "temperature", lineNumber);
        var humidity = ParseNumber(fields[3], "humidity", lineNumber);
        var power = ParseNumber(fields[4], "power", lineNumber);
        if (ReadingValidator.Validate(sensorId, timestamp, temperature, humidity, power, recordTimestamp: timeProvider.GetUtcNow()) is { } problem)
        {
            throw new CsvFormatException(lineNumber, problem);
        }

        GroundTruth? truth = null;
        if (fields.Length == 6 && fields[5].Length > 0)
        {
            truth = GroundTruth.TryParse(fields[5], out var parsed)
                ? parsed
                : throw new CsvFormatException(lineNumber, $"label '{fields[5]}' is not normal, anomaly, or anomaly:spike|drift|stuck");
        }

        return new LabeledReading(new SensorReading(sensorId, timestamp, temperature, humidity, power), truth);
    }

    private static double ParseNumber(string text, string field, int lineNumber) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new CsvFormatException(lineNumber, $"{field} '{text}' is not a number");
}
