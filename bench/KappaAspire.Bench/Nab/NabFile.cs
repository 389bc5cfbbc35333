namespace KappaAspire.Bench.Nab;

/// <summary>One NAB data file: its readings and where its labelled anomaly windows lie.</summary>
public sealed class NabFile
{
    private static readonly DateTime[] NoTimestamps = [];
    private static readonly double[] NoValues = [];

    /// <param name="key">NAB's name for the file, <c>category/name.csv</c>, as in <c>labels/combined_windows.json</c>.</param>
    /// <param name="timestamps">UTC time of each row.</param>
    /// <param name="values">The reading of each row.</param>
    /// <param name="windows">Anomaly windows in row order, not overlapping, inside the file.</param>
    public NabFile(string key, IReadOnlyList<DateTime> timestamps, IReadOnlyList<double> values, IReadOnlyList<NabWindow> windows)
        : this(key, timestamps.Count, timestamps, values, windows)
    {
        if (values.Count != timestamps.Count)
            throw new ArgumentException($"{key}: {timestamps.Count} timestamps but {values.Count} values.", nameof(values));
    }

    private NabFile(string key, int rowCount, IReadOnlyList<DateTime> timestamps, IReadOnlyList<double> values, IReadOnlyList<NabWindow> windows)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        CheckWindows(key, rowCount, windows);
        Key = key;
        RowCount = rowCount;
        Timestamps = timestamps;
        Values = values;
        Windows = windows;
        ProbationaryRows = ProbationaryLength(rowCount);
    }

    /// <summary>A file known only by its length and windows: all that scoring needs (the test fixture keeps no readings).</summary>
    public static NabFile FromLayout(string key, int rowCount, IReadOnlyList<NabWindow> windows) =>
        new(key, rowCount, NoTimestamps, NoValues, windows);

    public string Key { get; }

    public int RowCount { get; }

    /// <summary>UTC time of each row; empty for a file made by <see cref="FromLayout"/>.</summary>
    public IReadOnlyList<DateTime> Timestamps { get; }

    /// <summary>The reading of each row; empty for a file made by <see cref="FromLayout"/>.</summary>
    public IReadOnlyList<double> Values { get; }

    public IReadOnlyList<NabWindow> Windows { get; }

    /// <summary>Leading rows a detector learns from; NAB ignores detections there.</summary>
    public int ProbationaryRows { get; }

    /// <summary>NAB's probationary period: 15% of the file, at most 750 rows (15% of 5,000).</summary>
    public static int ProbationaryLength(int rowCount) => (int)Math.Min(Math.Floor(0.15 * rowCount), 750);

    public override string ToString() => $"{Key} ({RowCount} rows, {Windows.Count} windows)";

    // The scorer walks windows in order and measures false positives from the previous one: it relies on this.
    private static void CheckWindows(string key, int rowCount, IReadOnlyList<NabWindow> windows)
    {
        var previousLast = -1;
        foreach (var w in windows)
        {
            if (w.First < 0 || w.Last >= rowCount || w.First > w.Last)
                throw new ArgumentException($"{key}: window rows {w.First}..{w.Last} do not lie in its {rowCount} rows.", nameof(windows));
            if (w.First <= previousLast)
                throw new ArgumentException($"{key}: window rows {w.First}..{w.Last} start before the previous window ends (row {previousLast}).", nameof(windows));
            previousLast = w.Last;
        }
    }
}
