using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.ServiceDefaults.Kafka;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Reprocessing;

/// <summary>
/// The Kafka side of the reprocessing control plane, through the admin, producer and consumer APIs only (so real Kafka and
/// the embedded broker alike): the control log, run topics, and the offsets progress is computed from.
/// </summary>
internal sealed class ReprocessingKafka : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _controlTopic;
    private readonly IProducer<string, byte[]> _producer;
    private readonly IConsumer<Ignore, byte[]> _consumer;
    private readonly IAdminClient _admin;

    public ReprocessingKafka(IConfiguration configuration, IOptions<TrainerOptions> options)
    {
        _controlTopic = options.Value.Reprocessing.ControlTopic;
        // A control record is a decision: written once, acknowledged by every in-sync replica.
        _producer = new ProducerBuilder<string, byte[]>(KafkaConnection.Apply(configuration, new ProducerConfig
        {
            Acks = Acks.All, EnableIdempotence = true, ClientId = "trainer-reprocessing",
        })).Build();
        // Assign-only: reads the control log and watermarks, never joins or commits its group.
        _consumer = new ConsumerBuilder<Ignore, byte[]>(KafkaConnection.Apply(configuration, new ConsumerConfig
        {
            GroupId = "kappa-trainer-reprocessing", EnableAutoCommit = false, EnablePartitionEof = true, ClientId = "trainer-reprocessing",
        })).Build();
        _admin = new DependentAdminClientBuilder(_consumer.Handle).Build();
    }

    /// <summary>Creates the one-partition control log, as replicated as <paramref name="sourceTopic"/>, if the cluster lacks it (the AppHost declares it).</summary>
    public Task EnsureControlTopicAsync(string sourceTopic) => CreateTopicAsync(_controlTopic, 1, Describe(sourceTopic).ReplicationFactor);

    /// <summary>Every value of the control log, in order.</summary>
    public List<byte[]> ReadControlLog(CancellationToken cancellationToken)
    {
        var partition = new TopicPartition(_controlTopic, 0);
        var watermarks = _consumer.QueryWatermarkOffsets(partition, Timeout);
        var values = new List<byte[]>();
        if (watermarks.High <= watermarks.Low)
        {
            return values;
        }

        _consumer.Assign(new TopicPartitionOffset(partition, watermarks.Low));
        try
        {
            var deadline = DateTime.UtcNow + Timeout * 3;
            var next = watermarks.Low.Value;
            while (next < watermarks.High.Value)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Read {next - watermarks.Low.Value} of the {watermarks.High.Value - watermarks.Low.Value} records of {_controlTopic} within {Timeout * 3}.");
                }

                var result = _consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is { IsPartitionEOF: false, Message: not null })
                {
                    next = result.Offset.Value + 1;
                    if (result.Message.Value is { } value) values.Add(value);
                }
            }
        }
        finally
        {
            _consumer.Unassign();
        }

        return values;
    }

    /// <summary>Appends <paramref name="run"/> (key = its model) and waits until Kafka acknowledged it.</summary>
    public Task AppendAsync(ReprocessingRun run, CancellationToken cancellationToken) =>
        _producer.ProduceAsync(_controlTopic, new Message<string, byte[]>
        {
            Key = run.Model, Value = JsonSerializer.SerializeToUtf8Bytes(run, PipelineJsonContext.Default.ReprocessingRun),
        }, cancellationToken);

    /// <summary>The partition ids of <paramref name="topic"/>, and its replication factor.</summary>
    public (List<int> Partitions, short ReplicationFactor) Describe(string topic)
    {
        var metadata = _admin.GetMetadata(topic, Timeout).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            throw new InvalidOperationException($"Topic {topic} is not in the cluster's metadata ({metadata?.Error.Reason ?? "absent"}).");
        }

        return ([.. metadata.Partitions.Select(p => p.PartitionId).Order()], ReplicationFactorOf(metadata));
    }

    /// <summary>Creates <paramref name="topic"/>; one that already exists (a request retried after a crash) is fine.</summary>
    public async Task CreateTopicAsync(string topic, int partitions, short replicationFactor)
    {
        try
        {
            await _admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = replicationFactor }]).ConfigureAwait(false);
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
        }
    }

    /// <summary>Deletes <paramref name="topic"/>; one already gone is fine.</summary>
    public async Task DeleteTopicAsync(string topic)
    {
        try
        {
            await _admin.DeleteTopicsAsync([topic]).ConfigureAwait(false);
        }
        catch (DeleteTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.UnknownTopicOrPart))
        {
        }
    }

    /// <summary>
    /// Deletes consumer group <paramref name="group"/> with its committed offsets; one already gone is fine. False while
    /// the group still has members (its run is still stopping): try again later.
    /// </summary>
    public async Task<bool> DeleteGroupAsync(string group)
    {
        try
        {
            await _admin.DeleteGroupsAsync([group]).ConfigureAwait(false);
            return true;
        }
        catch (DeleteGroupsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.GroupIdNotFound or ErrorCode.NonEmptyGroup))
        {
            return ex.Results.All(r => r.Error.Code != ErrorCode.NonEmptyGroup);
        }
    }

    /// <summary>Low and high watermark of each partition.</summary>
    public Dictionary<int, (long Low, long High)> Watermarks(string topic, IEnumerable<int> partitions) =>
        partitions.ToDictionary(p => p, p =>
        {
            var w = _consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), Timeout);
            return (w.Low.Value, w.High.Value);
        });

    /// <summary>The committed offset of <paramref name="group"/> per partition of <paramref name="topic"/>; partitions it never committed are absent.</summary>
    public async Task<Dictionary<int, long>> CommittedAsync(string group, string topic, IEnumerable<int> partitions)
    {
        var request = new ConsumerGroupTopicPartitions(group, [.. partitions.Select(p => new TopicPartition(topic, p))]);
        var results = await _admin.ListConsumerGroupOffsetsAsync([request], new ListConsumerGroupOffsetsOptions { RequestTimeout = Timeout }).ConfigureAwait(false);
        return results.Single().Partitions
            .Where(p => p.Offset.Value >= 0)
            .ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
    }

    private static short ReplicationFactorOf(TopicMetadata metadata) => (short)Math.Max(1, metadata.Partitions[0].Replicas.Length);

    public void Dispose()
    {
        _admin.Dispose();
        _producer.Dispose();
        _consumer.Close();
        _consumer.Dispose();
    }
}
