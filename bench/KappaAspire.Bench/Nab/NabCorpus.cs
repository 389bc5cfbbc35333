namespace KappaAspire.Bench.Nab;

/// <summary>A set of NAB files scored together: NAB's normalized score and threshold are corpus-wide, not per file.</summary>
public sealed class NabCorpus
{
    private readonly Dictionary<string, NabFile> _byKey;

    public NabCorpus(IEnumerable<NabFile> files)
    {
        Files = files.OrderBy(f => f.Key, StringComparer.Ordinal).ToArray();
        _byKey = new Dictionary<string, NabFile>(StringComparer.Ordinal);
        foreach (var file in Files)
            if (!_byKey.TryAdd(file.Key, file))
                throw new ArgumentException($"File {file.Key} appears twice in the corpus.", nameof(files));
    }

    /// <summary>Files in ordinal key order, so results and reports come out the same every run.</summary>
    public IReadOnlyList<NabFile> Files { get; }

    public NabFile this[string key] =>
        _byKey.TryGetValue(key, out var file) ? file : throw new KeyNotFoundException($"No file {key} in the corpus.");

    public bool Contains(string key) => _byKey.ContainsKey(key);

    public int WindowCount => Files.Sum(f => f.Windows.Count);

    public int RowCount => Files.Sum(f => f.RowCount);

    /// <summary>
    /// Loads a directory in NAB's layout: <c>DIR/data/&lt;category&gt;/*.csv</c> and <c>DIR/labels/combined_windows.json</c>.
    /// Every data file needs a labels entry (an empty list when it has no anomaly); labels for files that are not there are
    /// ignored, so a subset of NAB loads with NAB's own labels file.
    /// </summary>
    public static NabCorpus Load(string directory)
    {
        var dataDirectory = Path.Combine(directory, "data");
        if (!Directory.Exists(dataDirectory))
            throw new DirectoryNotFoundException($"NAB data not found: {dataDirectory} (a NAB directory has data/<category>/*.csv).");
        var labelsPath = Path.Combine(directory, "labels", "combined_windows.json");
        var labels = NabLabels.Read(labelsPath);

        var files = new List<NabFile>();
        foreach (var categoryDirectory in Directory.EnumerateDirectories(dataDirectory))
        foreach (var path in Directory.EnumerateFiles(categoryDirectory, "*.csv"))
        {
            var key = $"{Path.GetFileName(categoryDirectory)}/{Path.GetFileName(path)}";
            if (!labels.TryGetValue(key, out var windowTimes))
                throw new InvalidDataException($"{labelsPath}: no entry for {key} (give it [] if it has no anomaly window).");
            var (timestamps, values) = NabDataReader.Read(path);
            files.Add(new NabFile(key, timestamps, values, ToRows(labelsPath, key, timestamps, windowTimes)));
        }
        if (files.Count == 0)
            throw new InvalidDataException($"{dataDirectory}: no data/<category>/*.csv files.");
        return new NabCorpus(files);
    }

    // NAB places window edges on timestamps that occur in the file; one that does not is a labelling error, not a rounding.
    // A repeated timestamp (NAB's files have a few) stands for its first row, as NAB's own lookup does.
    private static NabWindow[] ToRows(string labelsPath, string key, DateTime[] timestamps, IReadOnlyList<(DateTime Start, DateTime End)> windows)
    {
        var firstRow = new Dictionary<DateTime, int>();
        for (var row = 0; row < timestamps.Length; row++)
            firstRow.TryAdd(timestamps[row], row);
        int Row(DateTime time) => firstRow.TryGetValue(time, out var row)
            ? row
            : throw new InvalidDataException($"{labelsPath}: {key} has a window edge at {time:yyyy-MM-dd HH:mm:ss}, which is not a timestamp in the file.");
        return windows.Select(w => new NabWindow(Row(w.Start), Row(w.End))).OrderBy(w => w.First).ToArray();
    }
}
