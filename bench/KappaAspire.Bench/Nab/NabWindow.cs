namespace KappaAspire.Bench.Nab;

/// <summary>A labelled anomaly window as rows of its file: <see cref="First"/> to <see cref="Last"/>, both included.</summary>
/// <remarks>Rows, not timestamps, because every NAB rule (position in a window, distance past one) is counted in rows.</remarks>
public readonly record struct NabWindow(int First, int Last)
{
    /// <summary>Rows in the window, both edges included.</summary>
    public int Width => Last - First + 1;

    public bool Contains(int row) => row >= First && row <= Last;
}
