using KappaAspire.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Tests;

/// <summary>Topic administration and offset lookups through Confluent's admin client.</summary>
public sealed class AdminTests(EmbeddedKafkaFixture broker) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Topics_can_be_created_described_and_deleted()
    {
        var topic = $"admin-{Guid.NewGuid():N}";
        using var admin = broker.Admin();

        await admin.CreateTopicsAsync([new TopicSpecification
        {
            Name = topic, NumPartitions = 4, ReplicationFactor = 1,
            Configs = new Dictionary<string, string> { ["retention.ms"] = "86400000" },
        }]);
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        var configs = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }]);

        Assert.Equal(4, metadata.Topics.Single().Partitions.Count);
        Assert.Equal("86400000", configs.Single().Entries["retention.ms"].Value);

        await admin.DeleteTopicsAsync([topic]);
        var after = admin.GetMetadata(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(after.Topics, t => t.Topic == topic);
    }

    [Fact]
    public async Task Creating_an_existing_topic_reports_TopicAlreadyExists()
    {
        var topic = $"dup-{Guid.NewGuid():N}";
        using var admin = broker.Admin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }]);

        var error = await Assert.ThrowsAsync<CreateTopicsException>(() =>
            admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1 }]));

        Assert.Equal(ErrorCode.TopicAlreadyExists, error.Results.Single().Error.Code);
    }

    [Fact]
    public async Task Invalid_topic_requests_are_refused_with_a_reason()
    {
        using var admin = broker.Admin();

        var error = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync(
        [
            new TopicSpecification { Name = "bad/name", NumPartitions = 1, ReplicationFactor = 1 },
            new TopicSpecification { Name = $"rf3-{Guid.NewGuid():N}", NumPartitions = 1, ReplicationFactor = 3 },
        ]));

        Assert.Equal(ErrorCode.TopicException, error.Results[0].Error.Code);
        Assert.Equal(ErrorCode.InvalidReplicationFactor, error.Results[1].Error.Code);
    }

    [Fact]
    public async Task The_earliest_local_offset_of_ListOffsets_v8_is_the_log_start_after_records_were_deleted()
    {
        var topic = $"local-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        await KafkaTestClient.ProduceAsync(broker.ProducerConfig(), topic, 5);
        using (var admin = broker.Admin())
            await admin.DeleteRecordsAsync([new TopicPartitionOffset(topic, 0, 2)]);

        // No client exposes -4 yet: ask on the wire, request header v2 and response header v1 as flexible versions have.
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", broker.Port);
        var stream = client.GetStream();
        var header = new byte[] { 0, 2, 0, 8, 0, 0, 0, 9, 0, 1, (byte)'t', 0 }; // ListOffsets v8, correlation 9, client "t", no tags
        var body = MessageCodecTests.Bytes(new ListOffsetsRequest(-1, 0, [new(topic, [new(0, -1, -4)])]), 8);
        var frame = new byte[4 + header.Length + body.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame, header.Length + body.Length);
        header.CopyTo(frame, 4);
        body.CopyTo(frame, 4 + header.Length);
        await stream.WriteAsync(frame);
        var size = new byte[4];
        await stream.ReadExactlyAsync(size);
        var response = new byte[System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(size)];
        await stream.ReadExactlyAsync(response);

        Assert.Equal(9, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(response));
        Assert.Equal(0, response[4]); // the response header's empty tagged fields
        var reader = new KappaAspire.Broker.Protocol.KafkaReader(response.AsMemory(5));
        var partition = ListOffsetsResponse.Read(ref reader, 8).Topics.Single().Partitions.Single();
        Assert.Equal((KappaAspire.Broker.Protocol.ErrorCode.None, 2L), (partition.Error, partition.Offset));
    }

    [Fact]
    public async Task A_topic_describes_every_Kafka_topic_config_with_its_source_and_synonyms()
    {
        var topic = $"described-{Guid.NewGuid():N}";
        using var admin = broker.Admin();
        await admin.CreateTopicsAsync([new TopicSpecification
        {
            Name = topic, NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["retention.ms"] = "3600000" },
        }]);

        // librdkafka always asks for synonyms.
        var entries = (await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }])).Single().Entries;

        Assert.True(entries.Count >= 30, $"{entries.Count} entries");
        Assert.Equal(("1048588", ConfigSource.DefaultConfig), (entries["max.message.bytes"].Value, entries["max.message.bytes"].Source));
        var retention = entries["retention.ms"];
        Assert.Equal(("3600000", ConfigSource.DynamicTopicConfig), (retention.Value, retention.Source));
        Assert.Equal(("retention.ms", ConfigSource.DynamicTopicConfig), (retention.Synonyms[0].Name, retention.Synonyms[0].Source));
        Assert.Equal(("log.retention.ms", ConfigSource.DefaultConfig), (retention.Synonyms[^1].Name, retention.Synonyms[^1].Source));
    }

    [Fact]
    public async Task The_single_broker_is_node_0_and_answers_for_its_own_configs()
    {
        using var admin = broker.Admin();

        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        var configs = await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Broker, Name = "0" }],
            new DescribeConfigsOptions { RequestTimeout = TimeSpan.FromSeconds(10) });

        Assert.Equal(0, metadata.Brokers.Single().BrokerId);
        Assert.Equal("6", configs.Single().Entries["num.partitions"].Value);
    }

    [Fact]
    public async Task The_record_with_the_largest_timestamp_is_found_by_its_offset()
    {
        var topic = $"maxts-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        using (var producer = new ProducerBuilder<string, string>(broker.ProducerConfig()).Build())
        {
            foreach (var (value, ms) in new[] { ("a", 1_000L), ("latest", 9_000L), ("b", 5_000L), ("tie", 9_000L) })
                await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = value, Timestamp = new Timestamp(ms, TimestampType.CreateTime) });
        }
        using var admin = broker.Admin();

        var result = await admin.ListOffsetsAsync([new TopicPartitionOffsetSpec { TopicPartition = new TopicPartition(topic, 0), OffsetSpec = OffsetSpec.MaxTimestamp() }]);

        var found = result.ResultInfos.Single().TopicPartitionOffsetError;
        Assert.Equal(ErrorCode.NoError, found.Error.Code);
        Assert.Equal(1, found.Offset.Value); // the first of the records holding the largest timestamp
        Assert.Equal(9_000, result.ResultInfos.Single().Timestamp);
    }

    [Fact]
    public async Task Offsets_can_be_looked_up_by_timestamp()
    {
        var topic = $"times-{Guid.NewGuid():N}";
        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        using (var producer = new ProducerBuilder<string, string>(broker.ProducerConfig()).Build())
        {
            for (var i = 0; i < 10; i++)
            {
                var timestamp = new Timestamp(start.AddMinutes(i));
                await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = $"v{i}", Timestamp = timestamp });
            }
        }
        using var consumer = new ConsumerBuilder<string, string>(broker.ConsumerConfig("times")).Build();

        var found = consumer.OffsetsForTimes(
            [new TopicPartitionTimestamp(topic, 0, new Timestamp(start.AddMinutes(4).AddSeconds(30)))], TimeSpan.FromSeconds(10));
        var beyond = consumer.OffsetsForTimes(
            [new TopicPartitionTimestamp(topic, 0, new Timestamp(start.AddHours(2)))], TimeSpan.FromSeconds(10));
        var watermarks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10));

        Assert.Equal(5, found.Single().Offset.Value);
        Assert.Equal(Offset.End, beyond.Single().Offset);
        Assert.Equal((0L, 10L), (watermarks.Low.Value, watermarks.High.Value));
    }
}
