using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.IntegrationTests;

/// <summary>Reads topics back by assignment (no consumer group), the way the assertions need them.</summary>
internal static class TopicReader
{
    /// <summary>Every record of the topic up to its current end.</summary>
    public static List<ConsumeResult<string, byte[]>> ReadAll(string bootstrap, string topic, TimeSpan timeout)
    {
        using var consumer = NewConsumer(bootstrap);
        var metadata = AdminMetadata(bootstrap, topic);
        var partitions = metadata.Select(p => new TopicPartition(topic, p)).ToList();
        var ends = partitions.ToDictionary(p => p.Partition.Value, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var records = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow + timeout;
        while (records.Count < ends.Values.Sum())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Read {records.Count} of the {ends.Values.Sum()} records of {topic} within {timeout}.");
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is not null && result.Offset.Value < ends[result.Partition.Value]) records.Add(result);
        }
        return records;
    }

    /// <summary>The sum of the topic's high watermarks: how many records it ever held.</summary>
    public static long EndOffsetTotal(string bootstrap, string topic)
    {
        using var consumer = NewConsumer(bootstrap);
        return AdminMetadata(bootstrap, topic).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>The one record at <paramref name="offset"/> of a partition.</summary>
    public static ConsumeResult<string, byte[]> ReadAt(string bootstrap, string topic, int partition, long offset)
    {
        using var consumer = NewConsumer(bootstrap);
        consumer.Assign(new TopicPartitionOffset(topic, partition, offset));
        var result = consumer.Consume(TimeSpan.FromSeconds(30));
        return result?.Message is not null && result.Offset.Value == offset
            ? result
            : throw new InvalidOperationException($"No record at {topic}[{partition}]@{offset}.");
    }

    public static List<Prediction> Predictions(string bootstrap, TimeSpan timeout) =>
        [.. ReadAll(bootstrap, Topics.Predictions, timeout)
            .Select(r => System.Text.Json.JsonSerializer.Deserialize(r.Message.Value, PipelineJsonContext.Default.Prediction)!)];

    private static IConsumer<string, byte[]> NewConsumer(string bootstrap) =>
        new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "assertions-" + Guid.NewGuid(), EnableAutoCommit = false,
        }).Build();

    private static List<int> AdminMetadata(string bootstrap, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        return [.. admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId)];
    }
}
