using Microsoft.Extensions.Options;

namespace KappaAspire.Producer.Services;

/// <summary>
/// Run-time controls shared by the HTTP surface and the producing loop: the target rate and pause/resume.
/// Thread-safe; the loop reads the rate every tick and waits here while paused.
/// </summary>
public sealed class ProducerControl(IOptions<ProducerOptions> options)
{
    private readonly Lock _gate = new();
    private double _readingsPerSecond = options.Value.ReadingsPerSecond;
    private TaskCompletionSource? _resumed; // not null while paused

    public double MaxRate { get; } = options.Value.MaxRate;

    /// <summary>Target readings per second in simulate mode.</summary>
    public double ReadingsPerSecond
    {
        get => Volatile.Read(ref _readingsPerSecond);
        set
        {
            if (value is not > 0 || value > MaxRate)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"The rate must be > 0 and <= {MaxRate}.");
            }
            Volatile.Write(ref _readingsPerSecond, value);
        }
    }

    public bool IsPaused
    {
        get
        {
            lock (_gate)
            {
                return _resumed is not null;
            }
        }
    }

    /// <summary>Stops production after the current tick; returns false if it was already paused.</summary>
    public bool Pause()
    {
        lock (_gate)
        {
            if (_resumed is not null)
            {
                return false;
            }
            _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return true;
        }
    }

    /// <summary>Restarts production; returns false if it was not paused.</summary>
    public bool Resume()
    {
        TaskCompletionSource? resumed;
        lock (_gate)
        {
            resumed = _resumed;
            _resumed = null;
        }
        resumed?.TrySetResult();
        return resumed is not null;
    }

    /// <summary>Completes at once when running; otherwise when <see cref="Resume"/> is called. True if it had to wait.</summary>
    public async ValueTask<bool> WaitWhilePausedAsync(CancellationToken cancellationToken)
    {
        Task? resumed;
        lock (_gate)
        {
            resumed = _resumed?.Task;
        }
        if (resumed is null)
        {
            return false;
        }
        await resumed.WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
