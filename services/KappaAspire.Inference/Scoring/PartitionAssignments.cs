using System.Diagnostics;
using Confluent.Kafka;
using KappaAspire.Inference.Telemetry;
using KappaAspire.Pipeline.Features;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Scoring;

/// <summary>
/// The partitions this replica owns and what it knows about each: reacts to the group's rebalances (warm-up on
/// assignment, flush and final commit on revocation) and commits acknowledged progress.
/// </summary>
/// <remarks>
/// The group uses the cooperative-sticky assignor: when a replica joins or leaves, only the partitions that move
/// are revoked and warmed up again; the others keep scoring with their state, without a stop-the-world pause or
/// duplicate predictions. Every member runs on the consume loop's thread (rebalance callbacks run inside
/// <c>Consume</c>); <see cref="Snapshot"/> may be read from anywhere.
/// </remarks>
internal sealed partial class PartitionAssignments(
    IProducer<byte[], byte[]> producer,
    PartitionWarmup warmup,
    InferenceMetrics metrics,
    IOptions<InferenceOptions> options,
    ILogger<PartitionAssignments> logger)
{
    private readonly InferenceOptions _options = options.Value;
    private PartitionState?[] _byPartition = [];
    private volatile PartitionState[] _snapshot = [];
    private volatile bool _consuming;

    /// <summary>True while the consume loop runs (subscribed, after the first model arrived).</summary>
    public bool IsConsuming
    {
        get => _consuming;
        set => _consuming = value;
    }

    /// <summary>The partitions owned right now, for status and health.</summary>
    public IReadOnlyList<PartitionState> Snapshot => _snapshot;

    /// <summary>Installs the rebalance callbacks on the group consumer.</summary>
    public void AttachTo(ConsumerBuilder<byte[], byte[]> builder)
    {
        builder.SetPartitionsAssignedHandler(OnAssigned);
        builder.SetPartitionsRevokedHandler(OnRevoked);
        builder.SetPartitionsLostHandler(OnLost);
    }

    /// <summary>The state of an owned partition; null if not owned. Allocation-free: the hot path calls it per record.</summary>
    public PartitionState? Get(int partition) =>
        (uint)partition < (uint)_byPartition.Length ? _byPartition[partition] : null;

    /// <summary>Commits, per owned partition, the offset before which every output is acknowledged, if it moved.</summary>
    public void CommitProgress(IConsumer<byte[], byte[]> consumer) => Commit(consumer, _snapshot);

    /// <summary>
    /// Re-reads partitions where Kafka refused an output: from the first record not acknowledged, with state warmed
    /// up again, so nothing is lost (records after it that were acknowledged are scored twice, same source offset).
    /// </summary>
    public void RewindFailedPartitions(IConsumer<byte[], byte[]> consumer)
    {
        foreach (var state in _snapshot)
        {
            if (!state.Progress.HasFailed)
            {
                continue;
            }

            var position = state.Progress.SafePosition;
            LogRewinding(logger, state.Partition, position);
            var replacement = Prepare(state.TopicPartition, position, state.Committed);
            Set(replacement);
            consumer.Seek(new TopicPartitionOffset(state.TopicPartition, position));
        }
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
    {
        metrics.RecordRebalance();
        var started = Stopwatch.GetTimestamp();
        var committed = FetchCommitted(consumer, partitions);
        var assigned = new List<TopicPartitionOffset>(partitions.Count);
        foreach (var partition in partitions)
        {
            // Start exactly where the group committed, after warming up from the records before it; with no commit,
            // from the beginning (a fresh state is then what an uninterrupted consumer had too).
            var position = committed.TryGetValue(partition.Partition.Value, out var offset) ? offset : -1;
            Set(Prepare(partition, position, position));
            assigned.Add(new TopicPartitionOffset(partition, position >= 0 ? new Offset(position) : Offset.Beginning));
        }

        LogAssigned(logger, Describe(assigned), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return assigned;
    }

    private void OnRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> revoked)
    {
        // Still the owner here: wait for every in-flight output, then commit exactly what was acknowledged.
        if (producer.Flush(_options.FlushTimeout) > 0)
        {
            LogFlushIncomplete(logger, _options.FlushTimeout);
        }

        var states = new List<PartitionState>(revoked.Count);
        foreach (var partition in revoked)
        {
            if (Get(partition.Partition.Value) is { } state)
            {
                states.Add(state);
            }
        }

        Commit(consumer, states);
        foreach (var state in states)
        {
            Remove(state.Partition);
        }

        LogRevoked(logger, Describe(revoked.Select(p => p.TopicPartition)));
    }

    private void OnLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> lost)
    {
        // Another member may own these already: committing could move its position, so only drop the state.
        foreach (var partition in lost)
        {
            Remove(partition.Partition.Value);
        }

        LogLost(logger, Describe(lost.Select(p => p.TopicPartition)));
    }

    private PartitionState Prepare(TopicPartition partition, long position, long committed)
    {
        var store = new SensorStateStore();
        var result = position > 0 ? warmup.Warm(partition, position, store) : WarmupResult.Nothing(position);
        metrics.RecordWarmup(result.Records);
        return new PartitionState(partition, position, store, result) { Committed = committed };
    }

    private Dictionary<int, long> FetchCommitted(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var result = new Dictionary<int, long>(partitions.Count);
                foreach (var committed in consumer.Committed(partitions, _options.WarmupTimeout))
                {
                    if (committed.Offset.Value >= 0)
                    {
                        result[committed.Partition.Value] = committed.Offset.Value;
                    }
                }

                return result;
            }
            catch (KafkaException ex) when (deadline.Elapsed < _options.WarmupTimeout)
            {
                // Typically the coordinator is moving; the assignment cannot start without knowing where to start.
                LogCommittedRetry(logger, ex.Error.Reason);
                Thread.Sleep(200);
            }
        }
    }

    private void Commit(IConsumer<byte[], byte[]> consumer, IReadOnlyList<PartitionState> states)
    {
        List<TopicPartitionOffset>? offsets = null;
        foreach (var state in states)
        {
            var position = state.Progress.SafePosition;
            if (position > state.Committed)
            {
                (offsets ??= []).Add(new TopicPartitionOffset(state.TopicPartition, position));
            }
        }

        if (offsets is null)
        {
            return;
        }

        try
        {
            consumer.Commit(offsets);
            foreach (var offset in offsets)
            {
                if (Get(offset.Partition.Value) is { } state)
                {
                    state.Committed = offset.Offset.Value;
                }
            }

            LogCommitted(logger, offsets.Count);
        }
        catch (KafkaException ex)
        {
            // A rebalance in progress rejects commits; the next interval (or the revocation) commits again.
            LogCommitFailed(logger, ex.Error.Reason);
        }
    }

    private void Set(PartitionState state)
    {
        if (state.Partition >= _byPartition.Length)
        {
            Array.Resize(ref _byPartition, Math.Max(state.Partition + 1, _byPartition.Length * 2));
        }

        _byPartition[state.Partition] = state;
        PublishSnapshot();
    }

    private void Remove(int partition)
    {
        if ((uint)partition < (uint)_byPartition.Length)
        {
            _byPartition[partition] = null;
            PublishSnapshot();
        }
    }

    private void PublishSnapshot()
    {
        var owned = new List<PartitionState>();
        foreach (var state in _byPartition)
        {
            if (state is not null)
            {
                owned.Add(state);
            }
        }

        _snapshot = [.. owned];
    }

    private static string Describe(IEnumerable<TopicPartitionOffset> offsets) =>
        string.Join(", ", offsets.Select(o => $"{o.Partition.Value}@{(o.Offset == Offset.Beginning ? "beginning" : o.Offset.Value)}"));

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(", ", partitions.Select(p => p.Partition.Value));

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Assigned partitions {Partitions} (ready in {ElapsedMs:F0} ms)")]
    private static partial void LogAssigned(ILogger logger, string partitions, double elapsedMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Revoked partitions {Partitions} after committing their acknowledged progress")]
    private static partial void LogRevoked(ILogger logger, string partitions);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Lost partitions {Partitions} (left the group without revocation); their uncommitted records will be scored again by the new owner")]
    private static partial void LogLost(ILogger logger, string partitions);

    [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "Committed acknowledged progress of {Count} partitions")]
    private static partial void LogCommitted(ILogger logger, int count);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Commit failed ({Reason}); retrying at the next interval")]
    private static partial void LogCommitFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Some outputs were still unacknowledged after {Timeout}; their records stay uncommitted and will be scored again")]
    private static partial void LogFlushIncomplete(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Partition {Partition}: an output was not acknowledged; re-reading from offset {Offset}")]
    private static partial void LogRewinding(ILogger logger, int partition, long offset);

    [LoggerMessage(EventId = 17, Level = LogLevel.Debug, Message = "Fetching committed offsets failed ({Reason}); retrying")]
    private static partial void LogCommittedRetry(ILogger logger, string reason);
}
