using KappaAspire.Testing;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KappaAspire.Broker.Tests;

/// <summary>
/// Changing a topic after it exists, through Confluent's admin client: more partitions (never fewer), its configs
/// replaced or edited one by one, records deleted from its start, and all of it still so after a kill -9.
/// </summary>
public sealed class TopicAlterationTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "kappa-alter-tests", Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePort.Next();
    private BrokerProcess? _broker;
    private string Bootstrap => $"127.0.0.1:{_port}";

    public async ValueTask InitializeAsync() => _broker = await BrokerProcess.StartAsync(_port, _dataDir);

    public ValueTask DisposeAsync()
    {
        _broker?.Dispose();
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
        return ValueTask.CompletedTask;
    }

    private IAdminClient Admin() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = Bootstrap }).Build();

    private async Task<string> NewTopicAsync(int partitions = 2, Dictionary<string, string>? configs = null)
    {
        var topic = $"alter-{Guid.NewGuid():N}";
        using var admin = Admin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1, Configs = configs }]);
        return topic;
    }

    private async Task<Dictionary<string, ConfigEntryResult>> ConfigsAsync(string topic)
    {
        using var admin = Admin();
        return (await admin.DescribeConfigsAsync([new ConfigResource { Type = ResourceType.Topic, Name = topic }])).Single().Entries;
    }

    [Fact]
    public async Task A_topic_grows_to_more_partitions_that_take_records_and_survive_a_kill()
    {
        var topic = await NewTopicAsync(partitions: 2);
        using (var admin = Admin())
            await admin.CreatePartitionsAsync([new PartitionsSpecification { Topic = topic, IncreaseTo = 5 }]);

        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = Bootstrap }).Build())
            await producer.ProduceAsync(new TopicPartition(topic, 4), new Message<string, string> { Key = "k", Value = "in the new partition" });
        _broker!.Kill();
        _broker = await BrokerProcess.StartAsync(_port, _dataDir);

        using var after = Admin();
        Assert.Equal(5, after.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count);
        var read = KafkaTestClient.ReadAll(Bootstrap, topic, 5);
        Assert.Equal("in the new partition", read.Single(r => r.Partition.Value == 4).Message.Value);
    }

    [Fact]
    public async Task A_topic_never_shrinks_and_an_unknown_topic_or_a_foreign_replica_is_refused()
    {
        var topic = await NewTopicAsync(partitions: 3);
        using var admin = Admin();

        var error = await Assert.ThrowsAsync<CreatePartitionsException>(() => admin.CreatePartitionsAsync(
        [
            new PartitionsSpecification { Topic = topic, IncreaseTo = 2 },
            new PartitionsSpecification { Topic = $"missing-{Guid.NewGuid():N}", IncreaseTo = 4 },
        ]));
        Assert.Equal(ErrorCode.InvalidPartitions, error.Results[0].Error.Code);
        Assert.Contains("currently has 3 partitions", error.Results[0].Error.Reason);
        Assert.Equal(ErrorCode.UnknownTopicOrPart, error.Results[1].Error.Code);

        var foreign = await Assert.ThrowsAsync<CreatePartitionsException>(() => admin.CreatePartitionsAsync(
            [new PartitionsSpecification { Topic = topic, IncreaseTo = 4, ReplicaAssignments = [[7]] }]));
        Assert.Equal(ErrorCode.InvalidReplicaAssignment, foreign.Results.Single().Error.Code);
        Assert.Equal(3, admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count);
    }

    [Fact]
    public async Task AlterConfigs_replaces_the_whole_set_and_what_it_leaves_out_reverts_to_the_default()
    {
        var topic = await NewTopicAsync(configs: new() { ["retention.ms"] = "86400000" });
        using (var admin = Admin())
        {
#pragma warning disable CS0618 // AlterConfigs is deprecated in favour of IncrementalAlterConfigs, and still what clients send
            await admin.AlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [new ConfigResource { Type = ResourceType.Topic, Name = topic }] = [new ConfigEntry { Name = "retention.bytes", Value = "1048576" }],
            });
#pragma warning restore CS0618
        }

        var configs = await ConfigsAsync(topic);
        Assert.Equal("1048576", configs["retention.bytes"].Value);
        Assert.Equal(ConfigSource.DynamicTopicConfig, configs["retention.bytes"].Source);
        Assert.Equal(ConfigSource.DefaultConfig, configs["retention.ms"].Source);
        Assert.NotEqual("86400000", configs["retention.ms"].Value);
    }

    [Fact]
    public async Task IncrementalAlterConfigs_sets_and_deletes_single_configs_survives_a_kill_and_refuses_appending_to_a_number()
    {
        var topic = await NewTopicAsync(configs: new() { ["retention.ms"] = "86400000" });
        var resource = new ConfigResource { Type = ResourceType.Topic, Name = topic };
        using (var admin = Admin())
        {
            await admin.IncrementalAlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [resource] =
                [
                    new ConfigEntry { Name = "retention.bytes", Value = "2097152", IncrementalOperation = AlterConfigOpType.Set },
                    new ConfigEntry { Name = "retention.ms", IncrementalOperation = AlterConfigOpType.Delete },
                ],
            });

            var refused = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(
                new Dictionary<ConfigResource, List<ConfigEntry>>
                {
                    [resource] = [new ConfigEntry { Name = "retention.bytes", Value = "1", IncrementalOperation = AlterConfigOpType.Append }],
                }));
            Assert.Equal(ErrorCode.InvalidConfig, refused.Results.Single().Error.Code);
        }
        _broker!.Kill();
        _broker = await BrokerProcess.StartAsync(_port, _dataDir);

        var configs = await ConfigsAsync(topic);
        Assert.Equal("2097152", configs["retention.bytes"].Value);
        Assert.Equal(ConfigSource.DefaultConfig, configs["retention.ms"].Source);
    }

    [Fact]
    public async Task DeleteRecords_moves_the_log_start_so_consumers_begin_there_frees_whole_segments_and_survives_a_kill()
    {
        var topic = await NewTopicAsync(partitions: 1, configs: new() { ["segment.bytes"] = "4096" });
        await KafkaTestClient.ProduceAsync(new ProducerConfig { BootstrapServers = Bootstrap, LingerMs = 0, BatchNumMessages = 1 }, topic, 200);
        var partitionDir = Path.Combine(_dataDir, "logs", $"{topic}-0");
        var segmentsBefore = Directory.GetFiles(partitionDir, "*.log").Length;
        var partition = new TopicPartition(topic, 0);

        using (var admin = Admin())
        {
            var deleted = await admin.DeleteRecordsAsync([new TopicPartitionOffset(partition, 150)]);
            Assert.Equal(150, deleted.Single().Offset.Value);

            var refused = await Assert.ThrowsAsync<DeleteRecordsException>(() => admin.DeleteRecordsAsync([new TopicPartitionOffset(partition, 500)]));
            Assert.Equal(ErrorCode.OffsetOutOfRange, refused.Results.Single().Error.Code);
        }
        Assert.True(Directory.GetFiles(partitionDir, "*.log").Length < segmentsBefore, "whole segments before the new start are deleted");

        _broker!.Kill();
        _broker = await BrokerProcess.StartAsync(_port, _dataDir);
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = Bootstrap, GroupId = "g-" + Guid.NewGuid().ToString("N") }).Build();
        var watermarks = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10));
        Assert.Equal((150L, 200L), (watermarks.Low.Value, watermarks.High.Value));
        var read = KafkaTestClient.ReadAll(Bootstrap, topic, 1);
        Assert.Equal(150, read.First().Offset.Value);
        Assert.Equal(50, read.Count);
    }

    [Fact]
    public async Task A_config_Kafka_does_not_know_a_value_out_of_range_or_compaction_is_refused_per_resource_with_the_reason()
    {
        var topic = await NewTopicAsync();
        var other = await NewTopicAsync();
        using var admin = Admin();

        var created = await Assert.ThrowsAsync<CreateTopicsException>(() => admin.CreateTopicsAsync(
            [new TopicSpecification { Name = $"typo-{Guid.NewGuid():N}", NumPartitions = 1, ReplicationFactor = 1, Configs = new() { ["retention.msec"] = "1" } }]));
        Assert.Equal(ErrorCode.InvalidConfig, created.Results.Single().Error.Code);
        Assert.Contains("Unknown topic config name: retention.msec", created.Results.Single().Error.Reason);

        var altered = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(
            new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [new ConfigResource { Type = ResourceType.Topic, Name = topic }] =
                    [new ConfigEntry { Name = "cleanup.policy", Value = "compact", IncrementalOperation = AlterConfigOpType.Set }],
                [new ConfigResource { Type = ResourceType.Topic, Name = other }] =
                    [new ConfigEntry { Name = "compression.type", Value = "zstd", IncrementalOperation = AlterConfigOpType.Set }],
            }));
        var byTopic = altered.Results.ToDictionary(r => r.ConfigResource.Name);
        Assert.Equal(ErrorCode.InvalidConfig, byTopic[topic].Error.Code);
        Assert.Contains("does not compact", byTopic[topic].Error.Reason);
        Assert.Equal(ErrorCode.NoError, byTopic[other].Error.Code); // a config of Kafka's that changes nothing here is kept
        Assert.Equal("zstd", (await ConfigsAsync(other))["compression.type"].Value);

#pragma warning disable CS0618 // the deprecated AlterConfigs answers the same
        var tooSmall = await Assert.ThrowsAsync<AlterConfigsException>(() => admin.AlterConfigsAsync(new Dictionary<ConfigResource, List<ConfigEntry>>
        {
            [new ConfigResource { Type = ResourceType.Topic, Name = topic }] = [new ConfigEntry { Name = "segment.bytes", Value = "5" }],
        }));
#pragma warning restore CS0618
        Assert.Equal(ErrorCode.InvalidConfig, tooSmall.Results.Single().Error.Code);
        Assert.Contains("from 14", tooSmall.Results.Single().Error.Reason);
    }

    [Fact]
    public async Task A_broker_config_is_not_altered_at_run_time_and_says_why()
    {
        using var admin = Admin();
        var error = await Assert.ThrowsAsync<IncrementalAlterConfigsException>(() => admin.IncrementalAlterConfigsAsync(
            new Dictionary<ConfigResource, List<ConfigEntry>>
            {
                [new ConfigResource { Type = ResourceType.Broker, Name = "0" }] =
                    [new ConfigEntry { Name = "num.partitions", Value = "3", IncrementalOperation = AlterConfigOpType.Set }],
            }));
        Assert.Equal(ErrorCode.InvalidConfig, error.Results.Single().Error.Code);
        Assert.Contains("fixed at start", error.Results.Single().Error.Reason);
    }
}
