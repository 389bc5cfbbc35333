using Confluent.Kafka;
using KappaAspire.Pipeline.Features;

namespace KappaAspire.Inference.Scoring;

/// <summary>
/// Everything this replica keeps for one assigned input partition. Sensors are keyed to partitions, so feature state
/// lives per partition and leaves with it on revocation.
/// </summary>
internal sealed class PartitionState(TopicPartition topicPartition, long startOffset, SensorStateStore store, WarmupResult warmup)
{
    private long _committed = startOffset;

    public TopicPartition TopicPartition { get; } = topicPartition;

    public int Partition => TopicPartition.Partition.Value;

    /// <summary>Per-sensor feature state; touched only by the consume loop.</summary>
    public SensorStateStore Store { get; } = store;

    public PartitionProgress Progress { get; } = new(startOffset);

    public WarmupResult Warmup { get; } = warmup;

    /// <summary>The offset last committed for this partition (or the one it started from); -1 when none.</summary>
    public long Committed
    {
        get => Volatile.Read(ref _committed);
        set => Volatile.Write(ref _committed, value);
    }
}
