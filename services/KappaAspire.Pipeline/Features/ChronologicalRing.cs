namespace KappaAspire.Pipeline.Features;

/// <summary>The latest values up to a capacity, read back oldest first.</summary>
internal sealed class ChronologicalRing(int capacity)
{
    private readonly double[] _values = new double[capacity];
    private int _next;

    public int Count { get; private set; }

    /// <summary>Adds a value; when the ring was full, returns true with the oldest value, which this one replaced.</summary>
    public bool Add(double value, out double evicted)
    {
        var full = Count == _values.Length;
        evicted = full ? _values[_next] : 0;
        _values[_next] = value;
        _next = (_next + 1) % _values.Length;
        Count += full ? 0 : 1;
        return full;
    }

    /// <summary>Copies the values, oldest first, into <paramref name="destination"/> and returns the filled part.</summary>
    /// <remarks>
    /// Always oldest first: sums over a window must add in the same order however the ring has rotated, or warm-up and
    /// full history would differ in the last bit.
    /// </remarks>
    public Span<double> CopyChronological(Span<double> destination)
    {
        // Before the ring wraps, the oldest value is at 0; after, it is at _next.
        var start = Count < _values.Length ? 0 : _next;
        for (var i = 0; i < Count; i++)
        {
            destination[i] = _values[(start + i) % _values.Length];
        }

        return destination[..Count];
    }
}
