namespace KappaAspire.Producer.Services;

/// <summary>Where a replay stands, for <c>GET /status</c>.</summary>
public sealed class ReplayProgress
{
    private readonly Lock _gate = new();
    private string? _lastRejection;
    private int _linesRead;
    private bool _completed;
    private string? _failure;

    public int LinesRead
    {
        get { lock (_gate) { return _linesRead; } }
    }

    public string? LastRejection
    {
        get { lock (_gate) { return _lastRejection; } }
    }

    /// <summary>True once the whole file was read and handed to Kafka.</summary>
    public bool Completed
    {
        get { lock (_gate) { return _completed; } }
    }

    /// <summary>Why the replay stopped before the end of the file (the file could not be read), if it did.</summary>
    public string? Failure
    {
        get { lock (_gate) { return _failure; } }
    }

    public void AtLine(int lineNumber)
    {
        lock (_gate) { _linesRead = lineNumber; }
    }

    public void Rejected(int lineNumber, string problem)
    {
        lock (_gate)
        {
            _linesRead = lineNumber;
            _lastRejection = $"Line {lineNumber}: {problem}";
        }
    }

    public void Complete()
    {
        lock (_gate) { _completed = true; }
    }

    public void Fail(string reason)
    {
        lock (_gate) { _failure = reason; }
    }
}
