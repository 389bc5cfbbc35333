using Confluent.Kafka;

namespace KappaAspire.Bench;

/// <summary>
/// A consumer group's progress read from outside: its committed offsets (OffsetFetch, without joining the group) against
/// the high watermarks of the topic. Also the topic's total high watermark, i.e. records ever written.
/// </summary>
internal sealed class ConsumerLag : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly IConsumer<Ignore, Ignore> _consumer;
    private readonly List<TopicPartition> _partitions;

    public ConsumerLag(string bootstrap, string group, string topic, int partitions)
    {
        // Never subscribes or assigns, so it never joins the group: it only asks the coordinator for committed offsets.
        _consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = group,
            EnableAutoCommit = false,
        }).Build();
        _partitions = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
    }

    /// <summary>Sum over partitions of high watermark − committed offset (from the low watermark where nothing is committed).</summary>
    public long Lag()
    {
        var committed = _consumer.Committed(_partitions, Timeout).ToDictionary(c => c.Partition.Value, c => c.Offset);
        long lag = 0;
        foreach (var partition in _partitions)
        {
            var watermarks = _consumer.QueryWatermarkOffsets(partition, Timeout);
            var position = committed.TryGetValue(partition.Partition.Value, out var offset) && offset != Offset.Unset ? offset.Value : watermarks.Low.Value;
            lag += Math.Max(0, watermarks.High.Value - position);
        }
        return lag;
    }

    /// <summary>Records written to the topic so far (sum of high watermarks).</summary>
    public long Written() => _partitions.Sum(p => _consumer.QueryWatermarkOffsets(p, Timeout).High.Value);

    /// <summary>Written() of another topic through the same client.</summary>
    public long Written(string topic, int partitions) =>
        Enumerable.Range(0, partitions).Sum(p => _consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), Timeout).High.Value);

    public void Dispose() => _consumer.Dispose();
}
