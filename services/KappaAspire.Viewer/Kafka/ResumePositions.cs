using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace KappaAspire.Viewer.Kafka;

/// <summary>
/// Where the viewer reads each partition of <c>iot_predictions</c> from. The viewer keeps no durable position: a
/// partition seen for the first time starts <see cref="ViewerOptions.LookbackPerPartition"/> records before its end,
/// so a fresh page has recent history; a partition assigned again (after a rebalance or a broker restart) resumes
/// right after the last record processed, so the view never counts a record twice.
/// </summary>
/// <remarks>Used only on the consume loop's thread (librdkafka runs the assignment callback inside Consume).</remarks>
internal sealed partial class ResumePositions(IOptions<ViewerOptions> options, ILogger<ResumePositions> logger)
{
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(5);
    private readonly Dictionary<TopicPartition, long> _next = [];
    private readonly HashSet<string> _fromEnd = [];

    /// <summary>The partitions-assigned callback: the start offset of each newly assigned partition.</summary>
    public IEnumerable<TopicPartitionOffset> OnAssigned<TKey, TValue>(IConsumer<TKey, TValue> consumer, List<TopicPartition> partitions)
    {
        var starts = new List<TopicPartitionOffset>(partitions.Count);
        foreach (var partition in partitions)
        {
            if (_next.TryGetValue(partition, out var next))
            {
                starts.Add(new TopicPartitionOffset(partition, next));
                continue;
            }

            try
            {
                var watermarks = consumer.QueryWatermarkOffsets(partition, WatermarkTimeout);
                var lookback = _fromEnd.Contains(partition.Topic) ? 0 : options.Value.LookbackPerPartition;
                var start = Math.Max(watermarks.Low.Value, watermarks.High.Value - lookback);
                starts.Add(new TopicPartitionOffset(partition, start));
                LogStart(logger, partition.Partition.Value, start, watermarks.High.Value);
            }
            catch (KafkaException ex)
            {
                // Without watermarks there is no look-back to compute; live data still flows from the end.
                LogNoWatermarks(logger, ex, partition.Partition.Value);
                starts.Add(new TopicPartitionOffset(partition, Offset.End));
            }
        }
        return starts;
    }

    /// <summary>
    /// The partitions of <paramref name="topic"/> start at its end from now on, without look-back and forgetting where an
    /// earlier read of it stopped: the topic a cut-over (or a retirement) switches to, whose past the page showed already.
    /// </summary>
    public void StartAtEnd(string topic)
    {
        _fromEnd.Add(topic);
        foreach (var partition in _next.Keys.Where(p => p.Topic == topic).ToList())
        {
            _next.Remove(partition);
        }
    }

    /// <summary>Remembers that <paramref name="processed"/> is done.</summary>
    public void Processed(TopicPartitionOffset processed) => _next[processed.TopicPartition] = processed.Offset.Value + 1;

    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {Partition}: reading from offset {Start} (end {End})")]
    private static partial void LogStart(ILogger logger, int partition, long start, long end);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partition {Partition}: could not read its watermarks; starting at the end without look-back")]
    private static partial void LogNoWatermarks(ILogger logger, Exception exception, int partition);
}
