using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Simulation;
using KappaAspire.Testing;

namespace KappaAspire.Inference.Tests.Support;

/// <summary>A reading as written to the input topic: where it landed and the trace it started.</summary>
internal sealed record WrittenReading(SensorReading Reading, GroundTruth? Truth, int Partition, long Offset, ActivityTraceId TraceId);

/// <summary>Topic setup, writing readings and reading topics back, against the embedded broker.</summary>
internal static class TestKafka
{
    public const int Partitions = 6;

    /// <summary>Fresh input, predictions and dead-letter topics and a fresh group, so tests never see each other's records.</summary>
    public static async Task<StreamSetup> CreateStreamAsync(EmbeddedKafkaFixture kafka)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var setup = new StreamSetup(kafka.BootstrapServers, $"raw-{id}", $"predictions-{id}", $"dlq-{id}", $"inference-{id}");
        await CreateTopicsAsync(kafka, setup.InputTopic, setup.PredictionsTopic, setup.DeadLetterTopic);
        return setup;
    }

    public static async Task CreateTopicsAsync(EmbeddedKafkaFixture kafka, params string[] topics)
    {
        using var admin = kafka.Admin();
        await admin.CreateTopicsAsync(topics.Select(t => new TopicSpecification { Name = t, NumPartitions = Partitions, ReplicationFactor = 1 }));
    }

    /// <summary>A fresh one-partition control log of reprocessing runs (as the AppHost declares <c>iot_reprocessing</c>).</summary>
    public static async Task<string> CreateControlTopicAsync(EmbeddedKafkaFixture kafka)
    {
        var control = $"control-{Guid.NewGuid():N}";
        using var admin = kafka.Admin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = control, NumPartitions = 1, ReplicationFactor = 1 }]);
        return control;
    }

    /// <summary>Appends a run record to a control log, keyed by its model as the trainer writes it.</summary>
    public static async Task AppendRunAsync(EmbeddedKafkaFixture kafka, string control, ReprocessingRun run)
    {
        using var producer = new ProducerBuilder<string, byte[]>(kafka.ProducerConfig()).Build();
        await producer.ProduceAsync(control, new Message<string, byte[]> { Key = run.Model, Value = JsonSerializer.SerializeToUtf8Bytes(run, PipelineJsonContext.Default.ReprocessingRun) });
    }

    /// <summary>Writes simulated readings keyed by sensor, each with its truth header and a trace of its own.</summary>
    public static List<WrittenReading> WriteReadings(EmbeddedKafkaFixture kafka, string topic, IEnumerable<LabeledReading> readings)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build();
        var pending = new List<(LabeledReading Reading, ActivityTraceId TraceId, Task<DeliveryResult<byte[], byte[]>> Delivery)>();
        foreach (var labeled in readings)
        {
            var traceId = ActivityTraceId.CreateRandom();
            var headers = new Headers
            {
                { "traceparent", Encoding.UTF8.GetBytes($"00-{traceId}-{ActivitySpanId.CreateRandom()}-01") },
            };
            if (labeled.Truth is { } truth)
            {
                headers.Add(PipelineHeaders.Truth, Encoding.UTF8.GetBytes(truth.ToHeaderValue()));
            }

            var message = new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(labeled.Reading.SensorId),
                Value = JsonSerializer.SerializeToUtf8Bytes(labeled.Reading, PipelineJsonContext.Default.SensorReading),
                Headers = headers,
            };
            pending.Add((labeled, traceId, producer.ProduceAsync(topic, message)));
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        return pending.Select(p =>
        {
            var result = p.Delivery.GetAwaiter().GetResult();
            return new WrittenReading(p.Reading.Reading, p.Reading.Truth, result.Partition.Value, result.Offset.Value, p.TraceId);
        }).ToList();
    }

    /// <summary>Writes records with exactly these key and value bytes, in order.</summary>
    public static async Task<List<DeliveryResult<byte[], byte[]>>> WriteRawAsync(
        EmbeddedKafkaFixture kafka, string topic, params (byte[]? Key, byte[]? Value)[] records)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build();
        var results = new List<DeliveryResult<byte[], byte[]>>();
        foreach (var (key, value) in records)
        {
            results.Add(await producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = key!, Value = value! }));
        }

        return results;
    }

    /// <summary>Writes records with exactly these key and value bytes and this create time, in order.</summary>
    public static async Task<List<DeliveryResult<byte[], byte[]>>> WriteStampedAsync(
        EmbeddedKafkaFixture kafka, string topic, params (byte[] Key, byte[] Value, DateTimeOffset Timestamp)[] records)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build();
        var results = new List<DeliveryResult<byte[], byte[]>>();
        foreach (var (key, value, timestamp) in records)
        {
            results.Add(await producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = key, Value = value, Timestamp = new Timestamp(timestamp) }));
        }

        return results;
    }

    /// <summary>Reads <paramref name="topic"/> from the beginning until <paramref name="done"/> holds or the timeout passes.</summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadUntil(
        EmbeddedKafkaFixture kafka, string topic, Func<IReadOnlyList<ConsumeResult<byte[], byte[]>>, bool> done, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig($"reader-{Guid.NewGuid():N}")).Build();
        consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = Stopwatch.StartNew();
        while (!done(records) && deadline.Elapsed < timeout)
        {
            // done() sees each record once, right after it is added (or the same list again when nothing came).
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>Everything in <paramref name="topic"/> up to its current end.</summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadAll(EmbeddedKafkaFixture kafka, string topic)
    {
        var ends = EndOffsets(kafka, topic);
        var config = kafka.ConsumerConfig($"reader-{Guid.NewGuid():N}");
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Assign(ends.Where(e => e.Value > 0).Select(e => new TopicPartitionOffset(topic, e.Key, Offset.Beginning)));
        var remaining = ends.Values.Sum();
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = Stopwatch.StartNew();
        while (records.Count < remaining && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } record && record.Offset.Value < ends[record.Partition.Value])
            {
                records.Add(record);
            }
        }

        return records;
    }

    public static Dictionary<int, long> EndOffsets(EmbeddedKafkaFixture kafka, string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig($"reader-{Guid.NewGuid():N}")).Build();
        return Enumerable.Range(0, Partitions).ToDictionary(
            p => p,
            p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>The group's committed offset per partition of <paramref name="topic"/>; partitions without a commit are absent.</summary>
    public static Dictionary<int, long> Committed(EmbeddedKafkaFixture kafka, string group, string topic)
    {
        // Only fetches offsets: never subscribes, so it does not join (or disturb) the group.
        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig(group)).Build();
        return consumer.Committed(Enumerable.Range(0, Partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(10))
            .Where(c => c.Offset.Value >= 0)
            .ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
    }

    public static Prediction ParsePrediction(ConsumeResult<byte[], byte[]> record) =>
        JsonSerializer.Deserialize(record.Message.Value, PipelineJsonContext.Default.Prediction)!;

    public static string? Header(ConsumeResult<byte[], byte[]> record, string key) =>
        record.Message.Headers?.TryGetLastBytes(key, out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The trace id of a W3C <c>traceparent</c> header.</summary>
    public static string? TraceId(ConsumeResult<byte[], byte[]> record) => Header(record, "traceparent")?.Split('-')[1];

    /// <summary>Predictions by the reading they are about, keeping one per source offset (re-scored duplicates are equal).</summary>
    public static Dictionary<(int Partition, long Offset), Prediction> BySource(IEnumerable<ConsumeResult<byte[], byte[]>> records)
    {
        var result = new Dictionary<(int, long), Prediction>();
        foreach (var record in records)
        {
            var prediction = ParsePrediction(record);
            result.TryAdd((prediction.SourcePartition, prediction.SourceOffset), prediction);
        }

        return result;
    }

    /// <summary>
    /// Reads predictions until <paramref name="expected"/> distinct readings (by source partition/offset) have one,
    /// counting as it goes (re-scored duplicates are kept in the result).
    /// </summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadPredictionsFor(EmbeddedKafkaFixture kafka, string topic, int expected, TimeSpan timeout)
    {
        var sources = new HashSet<(int, long)>();
        return ReadUntil(kafka, topic, records =>
        {
            if (records.Count > 0)
            {
                var last = ParsePrediction(records[^1]);
                sources.Add((last.SourcePartition, last.SourceOffset));
            }

            return sources.Count >= expected;
        }, timeout);
    }

    public static int DistinctSources(IReadOnlyList<ConsumeResult<byte[], byte[]>> records) =>
        records.Select(ParsePrediction).Select(p => (p.SourcePartition, p.SourceOffset)).Distinct().Count();
}
