namespace KappaAspire.Bench;

/// <summary>Latency samples of one measurement window, in milliseconds; written by one thread, read once at the end.</summary>
internal sealed class LatencyRecorder
{
    private readonly Lock _gate = new();
    private readonly List<float> _received = new(1 << 16);
    private readonly List<float> _created = new(1 << 16);

    /// <param name="receivedMs">Reading timestamp → the benchmark's consumer holds the prediction.</param>
    /// <param name="createdMs">Reading timestamp → the prediction record's CreateTime (set by inference's producer), if known.</param>
    public void Add(double receivedMs, double? createdMs)
    {
        lock (_gate)
        {
            _received.Add((float)receivedMs);
            if (createdMs is { } created) _created.Add((float)created);
        }
    }

    public Percentiles Received() => Compute(_received);

    public Percentiles Created() => Compute(_created);

    private Percentiles Compute(List<float> samples)
    {
        float[] sorted;
        lock (_gate) sorted = samples.ToArray();
        Array.Sort(sorted);
        double At(double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
        return new Percentiles(sorted.Length, At(0.50), At(0.95), At(0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
    }
}

internal readonly record struct Percentiles(int Count, double P50, double P95, double P99, double Max);
