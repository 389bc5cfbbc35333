namespace KappaAspire.Pipeline.Features;

/// <summary>
/// A window of values in chronological order (a ring) together with the same values sorted, kept sorted as values come
/// and go: medians and other order statistics are then read, not selected, on every reading. Both depend only on the
/// values in the window, never on how they got there, so a window rebuilt from its last values is the same window.
/// Non-finite values have no order: while the window holds one, <see cref="Sorted"/> holds only the finite ones
/// (<see cref="IsOrdered"/> false) and order statistics must be taken another way.
/// </summary>
internal sealed class SortedWindow(int capacity)
{
    private readonly double[] _ring = new double[capacity];
    private readonly double[] _sorted = new double[capacity];
    private int _next;
    private int _nonFinite;

    public int Count { get; private set; }

    public int Capacity => _ring.Length;

    /// <summary>Whether <see cref="Sorted"/> holds the window's values in ascending order (every value is finite).</summary>
    public bool IsOrdered => _nonFinite == 0;

    /// <summary>The window's values in ascending order; all of them only while <see cref="IsOrdered"/>.</summary>
    public ReadOnlySpan<double> Sorted => _sorted.AsSpan(0, SortedCount);

    /// <summary>Adds a value, dropping the oldest when the window is full.</summary>
    public void Add(double value)
    {
        if (Count == _ring.Length)
        {
            var evicted = _ring[_next];
            if (double.IsFinite(evicted))
            {
                Remove(evicted);
            }
            else
            {
                _nonFinite--;
            }

            Count--;
        }

        _ring[_next] = value;
        _next = (_next + 1) % _ring.Length;
        if (double.IsFinite(value))
        {
            Insert(value);
        }
        else
        {
            _nonFinite++;
        }

        Count++;
    }

    /// <summary>Copies the values, oldest first, into <paramref name="destination"/> and returns the filled part.</summary>
    public Span<double> CopyChronological(Span<double> destination)
    {
        // Before the ring wraps, the oldest value is at 0; after, it is at _next.
        var start = Count < _ring.Length ? 0 : _next;
        for (var i = 0; i < Count; i++)
        {
            destination[i] = _ring[(start + i) % _ring.Length];
        }

        return destination[..Count];
    }

    // _sorted holds the window's finite values, in ascending order.
    private int SortedCount => Count - _nonFinite;

    private void Insert(double value)
    {
        var i = SortedCount;
        while (i > 0 && _sorted[i - 1] > value)
        {
            _sorted[i] = _sorted[i - 1];
            i--;
        }

        _sorted[i] = value;
    }

    private void Remove(double value)
    {
        var count = SortedCount;
        var i = _sorted.AsSpan(0, count).IndexOf(value);
        _sorted.AsSpan(i + 1, count - i - 1).CopyTo(_sorted.AsSpan(i));
    }
}
