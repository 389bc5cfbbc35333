namespace KappaAspire.Producer.Services;

/// <summary>
/// When each replayed reading is due: its distance from the file's first timestamp divided by the speed-up factor,
/// counted from the start of the replay. A timestamp earlier than one already seen is due at once (the file is only
/// roughly in time order, e.g. sensor by sensor), and the schedule then continues from the latest timestamp.
/// </summary>
public sealed class ReplaySchedule(double speedUp, TimeProvider timeProvider)
{
    private readonly long _started = timeProvider.GetTimestamp();
    private DateTimeOffset? _origin;
    private DateTimeOffset _latest;
    private TimeSpan _paused;

    /// <summary>Time to wait before sending a reading taken at <paramref name="timestamp"/>; zero or less means now.</summary>
    public TimeSpan DueIn(DateTimeOffset timestamp)
    {
        _origin ??= timestamp;
        if (timestamp > _latest)
        {
            _latest = timestamp;
        }

        if (speedUp == 0)
        {
            return TimeSpan.Zero;
        }

        var offset = (_latest - _origin.Value) / speedUp;
        return offset + _paused - timeProvider.GetElapsedTime(_started);
    }

    /// <summary>Moves the rest of the schedule later by the time spent paused.</summary>
    public void Shift(TimeSpan paused) => _paused += paused;
}
