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
    private readonly ChronologicalRing _ring = new(capacity);
    private readonly double[] _sorted = new double[capacity]; // the window's finite values, ascending
    private int _sortedCount;

    public int Count => _ring.Count;

    /// <summary>Whether <see cref="Sorted"/> holds the window's values in ascending order (every value is finite).</summary>
    public bool IsOrdered => _sortedCount == Count;

    /// <summary>The window's values in ascending order; all of them only while <see cref="IsOrdered"/>.</summary>
    public ReadOnlySpan<double> Sorted => _sorted.AsSpan(0, _sortedCount);

    /// <summary>Adds a value, dropping the oldest when the window is full.</summary>
    public void Add(double value)
    {
        if (_ring.Add(value, out var evicted) && double.IsFinite(evicted))
        {
            Remove(evicted);
        }

        if (double.IsFinite(value))
        {
            Insert(value);
        }
    }

    /// <summary>Copies the values, oldest first, into <paramref name="destination"/> and returns the filled part.</summary>
    public Span<double> CopyChronological(Span<double> destination) => _ring.CopyChronological(destination);

    private void Insert(double value)
    {
        var i = _sortedCount++;
        while (i > 0 && _sorted[i - 1] > value)
        {
            _sorted[i] = _sorted[i - 1];
            i--;
        }

        _sorted[i] = value;
    }

    private void Remove(double value)
    {
        var i = _sorted.AsSpan(0, _sortedCount).IndexOf(value);
        _sorted.AsSpan(i + 1, _sortedCount - i - 1).CopyTo(_sorted.AsSpan(i));
        _sortedCount--;
    }
}
