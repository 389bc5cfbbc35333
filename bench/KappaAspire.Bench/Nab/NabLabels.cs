using System.Text.Json;

namespace KappaAspire.Bench.Nab;

/// <summary>Reads <c>labels/combined_windows.json</c>: file key → windows as <c>[start, end]</c> timestamps.</summary>
internal static class NabLabels
{
    public static IReadOnlyDictionary<string, IReadOnlyList<(DateTime Start, DateTime End)>> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"NAB labels not found: {path} (a NAB directory has labels/combined_windows.json beside data/).", path);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: expected an object mapping 'category/file.csv' to its windows.");
            var labels = new Dictionary<string, IReadOnlyList<(DateTime, DateTime)>>(StringComparer.Ordinal);
            foreach (var entry in document.RootElement.EnumerateObject())
                labels[entry.Name] = ReadWindows(path, entry);
            return labels;
        }
    }

    private static List<(DateTime, DateTime)> ReadWindows(string path, JsonProperty entry)
    {
        if (entry.Value.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: '{entry.Name}' should be a list of [start, end] windows.");
        var windows = new List<(DateTime, DateTime)>();
        foreach (var window in entry.Value.EnumerateArray())
        {
            if (window.ValueKind != JsonValueKind.Array || window.GetArrayLength() != 2
                || window[0].ValueKind != JsonValueKind.String || window[1].ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{path}: '{entry.Name}' has a window that is not [\"start\", \"end\"]: {window.GetRawText()}.");
            windows.Add((Timestamp(path, entry.Name, window[0].GetString()!), Timestamp(path, entry.Name, window[1].GetString()!)));
        }
        return windows;
    }

    private static DateTime Timestamp(string path, string key, string text) =>
        NabTimestamp.TryParse(text, out var time)
            ? time
            : throw new InvalidDataException($"{path}: '{key}' has window timestamp '{text}', not 'yyyy-MM-dd HH:mm:ss[.ffffff]'.");
}
