namespace KappaAspire.Broker.Storage;

/// <summary>
/// Coalesces concurrent flush requests: callers that arrive while a flush is queued share it; callers that
/// arrive after it started get the next one, so every caller's data is on disk when its task completes.
/// </summary>
internal sealed class GroupCommit(Action flush)
{
    private readonly Lock _lock = new();
    private Task? _queued;

    public Task FlushAsync()
    {
        lock (_lock)
        {
            return _queued ??= Task.Run(Run);
        }
    }

    private void Run()
    {
        lock (_lock) _queued = null;
        flush();
    }
}
