using KappaAspire.Testing;
using Confluent.Kafka;

namespace KappaAspire.Broker.Tests;

/// <summary>Confluent.Kafka (librdkafka) producing to and consuming from the embedded broker.</summary>
public sealed class ProduceConsumeTests(EmbeddedKafkaFixture broker) : IClassFixture<EmbeddedKafkaFixture>
{
    [Theory]
    [InlineData(Acks.All, true)]
    [InlineData(Acks.All, false)]
    [InlineData(Acks.Leader, false)]
    public async Task Every_acknowledged_record_is_read_back_in_order_per_partition(Acks acks, bool idempotent)
    {
        var topic = $"acks-{acks}-{idempotent}-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 3);

        var delivered = await KafkaTestClient.ProduceAsync(broker.ProducerConfig(acks, idempotent), topic, 3000);

        Assert.All(delivered, d => Assert.Equal(PersistenceStatus.Persisted, d.Status));
        var read = KafkaTestClient.ReadAll(broker.BootstrapServers, topic, 3);
        Assert.Equal(delivered.Count, read.Count);
        foreach (var partition in read.GroupBy(r => r.Partition.Value))
        {
            var offsets = partition.Select(r => r.Offset.Value).ToList();
            Assert.Equal(Enumerable.Range(0, offsets.Count).Select(i => (long)i), offsets);
            var sentValues = delivered.Where(d => d.Partition.Value == partition.Key).OrderBy(d => d.Offset.Value).Select(d => d.Message.Value);
            Assert.Equal(sentValues, partition.Select(r => r.Message.Value));
        }
    }

    [Fact]
    public async Task Fire_and_forget_records_with_acks_zero_arrive()
    {
        var topic = $"acks0-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 1);

        await KafkaTestClient.ProduceAsync(broker.ProducerConfig(Acks.None, idempotent: false), topic, 500);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<ConsumeResult<string, string>> read;
        do read = KafkaTestClient.ReadAll(broker.BootstrapServers, topic, 1);
        while (read.Count < 500 && DateTime.UtcNow < deadline);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"value-{i}"), read.Select(r => r.Message.Value));
    }

    [Fact]
    public async Task Records_with_the_same_key_land_in_the_same_partition()
    {
        var topic = $"keyed-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 6);

        var delivered = await KafkaTestClient.ProduceAsync(broker.ProducerConfig(), topic, 600, i => $"sensor-{i % 20}");

        var partitionsPerKey = delivered.GroupBy(d => d.Message.Key).Select(g => g.Select(d => d.Partition.Value).Distinct().Count());
        Assert.All(partitionsPerKey, count => Assert.Equal(1, count));
        Assert.True(delivered.Select(d => d.Partition.Value).Distinct().Count() > 1, "20 keys should spread over several partitions");
    }

    [Fact]
    public async Task Replay_from_earliest_returns_every_record_again()
    {
        var topic = $"replay-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 2);
        await KafkaTestClient.ProduceAsync(broker.ProducerConfig(), topic, 1000);

        var first = KafkaTestClient.ReadAll(broker.BootstrapServers, topic, 2);
        var second = KafkaTestClient.ReadAll(broker.BootstrapServers, topic, 2);

        // The same records at the same offsets; how the two partitions interleave in one read is up to the client.
        static IEnumerable<(int, long, string)> ByPosition(List<ConsumeResult<string, string>> records) =>
            records.Select(r => (r.Partition.Value, r.Offset.Value, r.Message.Value)).Order();
        Assert.Equal(1000, first.Count);
        Assert.Equal(ByPosition(first), ByPosition(second));
    }

    [Fact]
    public async Task A_waiting_consumer_is_woken_by_new_data_without_waiting_out_its_poll()
    {
        var topic = $"longpoll-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        var config = broker.ConsumerConfig("lp-" + Guid.NewGuid());
        config.FetchWaitMaxMs = 5000;
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        consumer.Consume(TimeSpan.FromMilliseconds(500)); // the first fetch is now parked in the broker

        await KafkaTestClient.ProduceAsync(broker.ProducerConfig(), topic, 1);
        var acknowledged = DateTime.UtcNow;
        var result = consumer.Consume(TimeSpan.FromSeconds(10));

        Assert.NotNull(result);
        // Well under the 5 s the fetch may park for, with room for a loaded machine.
        Assert.True(DateTime.UtcNow - acknowledged < TimeSpan.FromSeconds(3.5), "the parked fetch should return as soon as data arrives, not after fetch.wait.max.ms");
    }

    [Fact]
    public async Task Compressed_batches_are_stored_and_served_as_sent()
    {
        var topic = $"compressed-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        var config = broker.ProducerConfig();
        config.CompressionType = CompressionType.Lz4;
        config.LingerMs = 20;

        await KafkaTestClient.ProduceAsync(config, topic, 2000);

        var read = KafkaTestClient.ReadAll(broker.BootstrapServers, topic, 1);
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"value-{i}"), read.Select(r => r.Message.Value));
    }
}
