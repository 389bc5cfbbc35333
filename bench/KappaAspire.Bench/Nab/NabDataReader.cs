using System.Globalization;

namespace KappaAspire.Bench.Nab;

/// <summary>
/// Reads one NAB data file (<c>timestamp,value</c> with a header row). Timestamps are not required to increase: NAB's own
/// files repeat 03:00 eleven times at a daylight-saving change and one steps back an hour, and NAB scores them as they are.
/// </summary>
internal static class NabDataReader
{
    public static (DateTime[] Timestamps, double[] Values) Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: empty file, expected a 'timestamp,value' header.");
        var columns = header.Split(',').Select(c => c.Trim()).ToArray();
        var timeColumn = Array.IndexOf(columns, "timestamp");
        var valueColumn = Array.IndexOf(columns, "value");
        if (timeColumn < 0 || valueColumn < 0)
            throw new InvalidDataException($"{path}:1: header '{header}' lacks a 'timestamp' or a 'value' column.");

        var timestamps = new List<DateTime>();
        var values = new List<double>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var fields = line.Split(',');
            if (fields.Length != columns.Length)
                throw new InvalidDataException($"{path}:{lineNumber}: {fields.Length} fields, the header has {columns.Length}: '{line}'.");
            if (!NabTimestamp.TryParse(fields[timeColumn], out var time))
                throw new InvalidDataException($"{path}:{lineNumber}: timestamp '{fields[timeColumn]}' is not 'yyyy-MM-dd HH:mm:ss'.");
            if (!double.TryParse(fields[valueColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new InvalidDataException($"{path}:{lineNumber}: value '{fields[valueColumn]}' is not a number.");
            timestamps.Add(time);
            values.Add(value);
        }
        return (timestamps.ToArray(), values.ToArray());
    }
}
