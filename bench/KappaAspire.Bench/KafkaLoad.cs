using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace KappaAspire.Bench;

/// <summary>The three measurements of the broker benchmark, run the same way against any bootstrap address.</summary>
internal static class KafkaLoad
{
    /// <summary>
    /// Creates the topic through the admin API, or — for librdkafka's mock cluster, which has no controller for
    /// CreateTopics — through auto-creation on a producer's metadata request. Returns the partition count.
    /// </summary>
    public static async Task<int> EnsureTopicAsync(string bootstrap, string topic, int partitions)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        try
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }],
                new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(5) });
        }
        catch (KafkaException)
        {
            using var producer = new ProducerBuilder<Null, Null>(new ProducerConfig { BootstrapServers = bootstrap }).Build();
            using var metadataClient = new DependentAdminClientBuilder(producer.Handle).Build();
            return metadataClient.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
        }
        return partitions;
    }

    /// <summary>Produces <paramref name="count"/> values at acks=all, linger 5 ms; returns messages per second.</summary>
    public static double Produce(string bootstrap, string topic, int count, int valueBytes)
    {
        var config = new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, LingerMs = 5, QueueBufferingMaxMessages = 500_000 };
        using var producer = new ProducerBuilder<Null, byte[]>(config).Build();
        var value = new byte[valueBytes];
        Random.Shared.NextBytes(value);
        long failed = 0;
        var message = new Message<Null, byte[]> { Value = value };
        Action<DeliveryReport<Null, byte[]>> onDelivery = report => { if (report.Error.IsError) Interlocked.Increment(ref failed); };
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            while (true)
            {
                try { producer.Produce(topic, message, onDelivery); break; }
                catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull) { producer.Poll(TimeSpan.FromMilliseconds(5)); }
            }
        }
        producer.Flush(TimeSpan.FromMinutes(5));
        watch.Stop();
        if (failed > 0) throw new InvalidOperationException($"{failed} messages were not acknowledged.");
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Reads every partition from its earliest retained offset to its end; returns messages per second and how many
    /// were read. (librdkafka's mock cluster keeps only a bounded tail of each partition, so "earliest" is its log start.)
    /// </summary>
    /// <param name="fetchQueueBackoffMs">
    /// librdkafka's <c>fetch.queue.backoff.ms</c>, or null for its default (1,000 ms): how long the client waits before
    /// fetching again once its queue holds <c>queued.min.messages</c> (100,000) per partition. A broker that answers faster
    /// than the application drains hits that threshold and the client idles; a log smaller than it never does.
    /// </param>
    public static (double Rate, long Count) Consume(string bootstrap, string topic, int partitions, int? fetchQueueBackoffMs = null)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "bench-" + Guid.NewGuid(), EnableAutoCommit = false, FetchQueueBackoffMs = fetchQueueBackoffMs,
        };
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).Build();
        var expected = Enumerable.Range(0, partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)))
            .Sum(w => w.High.Value - w.Low.Value);
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        long received = 0;
        var watch = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (received < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null }) received++;
        }
        watch.Stop();
        if (received < expected) throw new InvalidOperationException($"Only {received} of {expected} messages came back.");
        return (received / watch.Elapsed.TotalSeconds, received);
    }

    /// <summary>Produces at a fixed rate while a consumer reads; returns produce→consume latency percentiles in ms.</summary>
    public static async Task<(double P50, double P99, int Samples)> LatencyAsync(string bootstrap, string topic, int ratePerSecond, TimeSpan duration)
    {
        var consumerConfig = new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "lat-" + Guid.NewGuid(), EnableAutoCommit = false, FetchWaitMaxMs = 100 };
        using var consumer = new ConsumerBuilder<Ignore, long>(consumerConfig).SetValueDeserializer(new TicksDeserializer()).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.End));
        var latencies = new List<double>();
        var expected = (int)(ratePerSecond * duration.TotalSeconds);
        var reading = Task.Factory.StartNew(() =>
        {
            var deadline = DateTime.UtcNow + duration + TimeSpan.FromSeconds(10);
            while (latencies.Count < expected && DateTime.UtcNow < deadline)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result?.Message is null || result.Message.Value < 0) continue; // the producer's warm-up record
                latencies.Add(Stopwatch.GetElapsedTime(result.Message.Value).TotalMilliseconds);
            }
        }, TaskCreationOptions.LongRunning);
        await Task.Delay(1000); // let the consumer's first fetch reach the broker

        var producerConfig = new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All, LingerMs = 1 };
        using (var producer = new ProducerBuilder<Null, long>(producerConfig).SetValueSerializer(new TicksSerializer()).Build())
        {
            // Connect and fetch metadata first, so the measurement is the steady state, not the client's start-up.
            producer.Produce(new TopicPartition(topic, 0), new Message<Null, long> { Value = -1 });
            producer.Flush(TimeSpan.FromSeconds(10));
            var start = Stopwatch.GetTimestamp();
            for (var sent = 0; sent < expected;)
            {
                var due = (int)(Stopwatch.GetElapsedTime(start).TotalSeconds * ratePerSecond);
                for (; sent < Math.Min(due, expected); sent++)
                    producer.Produce(new TopicPartition(topic, 0), new Message<Null, long> { Value = Stopwatch.GetTimestamp() });
                Thread.Sleep(1);
            }
            producer.Flush(TimeSpan.FromSeconds(30));
        }
        await reading;
        latencies.Sort();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Count - 1, p * latencies.Count)];
        return (Percentile(0.50), Percentile(0.99), latencies.Count);
    }

    private sealed class TicksSerializer : ISerializer<long>
    {
        public byte[] Serialize(long data, SerializationContext context) => BitConverter.GetBytes(data);
    }

    private sealed class TicksDeserializer : IDeserializer<long>
    {
        public long Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) => BitConverter.ToInt64(data);
    }
}
