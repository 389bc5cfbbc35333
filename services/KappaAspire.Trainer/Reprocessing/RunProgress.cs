namespace KappaAspire.Trainer.Reprocessing;

/// <summary>How far one partition of a run is: its group's committed offset against the source's end.</summary>
/// <param name="Partition">Source partition.</param>
/// <param name="Committed">The run group's committed offset, or null before its first commit (the run starts at the earliest offset).</param>
/// <param name="End">The source partition's high watermark.</param>
/// <param name="Lag">Readings still to score: end − (committed, else the low watermark).</param>
internal sealed record PartitionLag(int Partition, long? Committed, long End, long Lag);

/// <summary>One sample of offsets, kept to turn the next one into rates.</summary>
internal sealed record ProgressSample(DateTimeOffset At, long Position, long End);

/// <summary>A run's progress as <c>GET /reprocessing</c> shows it.</summary>
/// <param name="Partitions">Per source partition.</param>
/// <param name="TotalLag">Sum of the partitions' lag.</param>
/// <param name="Scored">Readings scored and committed, from the earliest offsets.</param>
/// <param name="ReadingsPerSecond">Committed readings per second since the previous sample; null on the first.</param>
/// <param name="InputPerSecond">Readings per second arriving on the source since the previous sample; null on the first.</param>
/// <param name="EtaSeconds">Time to catch up at these rates; null when not catching up (or not known yet), 0 when caught up.</param>
/// <param name="CaughtUp">Every partition with readings committed, and the lag is within the caught-up window of input.</param>
/// <param name="SampledAt">When the offsets were read.</param>
internal sealed record RunProgress(
    IReadOnlyList<PartitionLag> Partitions,
    long TotalLag,
    long Scored,
    double? ReadingsPerSecond,
    double? InputPerSecond,
    double? EtaSeconds,
    bool CaughtUp,
    DateTimeOffset SampledAt)
{
    /// <summary>
    /// Progress from the run group's committed offsets and the source's watermarks, with rates against
    /// <paramref name="previous"/>. Caught up means at most <paramref name="caughtUpWindow"/> of input behind: a run that keeps
    /// pace always trails by what arrived since its last commit.
    /// </summary>
    public static (RunProgress Progress, ProgressSample Sample) Compute(
        IReadOnlyDictionary<int, long> committed,
        IReadOnlyDictionary<int, (long Low, long High)> watermarks,
        ProgressSample? previous,
        DateTimeOffset now,
        TimeSpan caughtUpWindow)
    {
        var partitions = new List<PartitionLag>(watermarks.Count);
        long position = 0, end = 0, scored = 0;
        var everyPartitionStarted = true;
        foreach (var (partition, (low, high)) in watermarks.OrderBy(w => w.Key))
        {
            long? offset = committed.TryGetValue(partition, out var c) ? c : null;
            // Retention may have removed what the run committed past; it cannot lag behind the log's start.
            var at = Math.Clamp(offset ?? low, low, Math.Max(low, high));
            partitions.Add(new PartitionLag(partition, offset, high, high - at));
            position += at;
            end += high;
            scored += at - low;
            // A partition with nothing left to score needs no commit; one with readings does, however small its lag.
            everyPartitionStarted &= offset is not null || high <= low;
        }

        var sample = new ProgressSample(now, position, end);
        var lag = end - position;
        double? rate = null, input = null;
        var seconds = previous is null ? 0 : (now - previous.At).TotalSeconds;
        if (seconds > 0)
        {
            rate = Math.Max(0, position - previous!.Position) / seconds;
            input = Math.Max(0, end - previous.End) / seconds;
        }

        var caughtUp = everyPartitionStarted && lag <= (input ?? 0) * caughtUpWindow.TotalSeconds;
        double? eta = caughtUp ? 0 : rate > input ? lag / (rate - input) : null;
        return (new RunProgress(partitions, lag, scored, rate, input, eta, caughtUp, now), sample);
    }
}
