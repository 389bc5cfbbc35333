namespace KappaAspire.Viewer.View;

/// <summary>Events per second over a sliding window, from quarter-second buckets on a monotonic clock.</summary>
/// <remarks>
/// Only complete buckets count, so the rate lags by at most a quarter second instead of dipping while the current
/// bucket fills. Until a whole window has passed, the rate is over the time since the first event.
/// Not thread-safe: <see cref="LiveView"/> guards it.
/// </remarks>
internal sealed class SlidingRate
{
    private static readonly TimeSpan BucketLength = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;
    private readonly long[] _counts;
    private readonly long[] _bucketIds;
    private long _firstBucket = -1;

    public SlidingRate(TimeSpan window, TimeProvider time)
    {
        _time = time;
        var buckets = (int)Math.Max(1, window / BucketLength);
        // One slot more than the window, for the bucket that is still filling.
        _counts = new long[buckets + 1];
        _bucketIds = new long[buckets + 1];
        Array.Fill(_bucketIds, -1);
    }

    public void Add(long count = 1)
    {
        var bucket = CurrentBucket();
        var slot = (int)(bucket % _counts.Length);
        if (_bucketIds[slot] != bucket)
        {
            _bucketIds[slot] = bucket;
            _counts[slot] = 0;
        }
        _counts[slot] += count;
        if (_firstBucket < 0)
        {
            _firstBucket = bucket;
        }
    }

    public double PerSecond()
    {
        if (_firstBucket < 0)
        {
            return 0;
        }

        var current = CurrentBucket();
        var complete = Math.Min(_counts.Length - 1, current - _firstBucket);
        if (complete <= 0)
        {
            return 0;
        }

        long sum = 0;
        for (var bucket = current - complete; bucket < current; bucket++)
        {
            var slot = (int)(bucket % _counts.Length);
            if (_bucketIds[slot] == bucket)
            {
                sum += _counts[slot];
            }
        }
        return sum / (complete * BucketLength.TotalSeconds);
    }

    private long CurrentBucket() => (long)(_time.GetElapsedTime(0, _time.GetTimestamp()) / BucketLength);
}
