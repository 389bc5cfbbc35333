using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KappaAspire.Broker.Tests;

/// <summary>Small helpers the broker specifications share: create topics, produce a numbered sequence, read everything back.</summary>
internal static class KafkaTestClient
{
    public static async Task CreateTopicAsync(string bootstrapServers, string topic, int partitions)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]);
    }

    public static async Task<List<DeliveryResult<string, string>>> ProduceAsync(ProducerConfig config, string topic, int count, Func<int, string>? key = null)
    {
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var deliveries = Enumerable.Range(0, count)
            .Select(i => producer.ProduceAsync(topic, new Message<string, string> { Key = key?.Invoke(i) ?? $"k{i}", Value = $"value-{i}" }))
            .ToList();
        var results = await Task.WhenAll(deliveries);
        producer.Flush(TimeSpan.FromSeconds(10));
        return [.. results];
    }

    /// <summary>Reads every partition of a topic from the earliest offset up to its current end, by assignment (no group).</summary>
    public static List<ConsumeResult<string, string>> ReadAll(string bootstrapServers, string topic, int partitions, TimeSpan? timeout = null)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "reader-" + Guid.NewGuid(), EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        // From the log start (retention may have moved it) to the end.
        var expected = Enumerable.Range(0, partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)))
            .Sum(w => w.High.Value - w.Low.Value);
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<string, string>>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (records.Count < expected && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is { IsPartitionEOF: false, Message: not null }) records.Add(result);
        }
        return records;
    }
}
