using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace KappaAspire.Bench;

/// <summary>
/// Embedded broker vs librdkafka's built-in mock cluster, same client code and machine: produce and consume
/// throughput, latency at 10k msg/s, and the broker's resident memory with a large log on disk.
/// </summary>
internal static class BrokerBenchmark
{
    private const int Partitions = 6;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        Console.WriteLine($"Broker benchmark: {options.Messages:N0} messages of {options.ValueBytes} B, {Environment.ProcessorCount} cores");

        // The mock cluster lives inside the client that created it; this producer keeps it alive.
        using var mockHolder = new ProducerBuilder<Null, Null>(new ProducerConfig(new Dictionary<string, string> { ["test.mock.num.brokers"] = "1" })).Build();
        using var mockAdmin = new DependentAdminClientBuilder(mockHolder.Handle).Build();
        var mockBroker = mockAdmin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers[0];
        var mock = await MeasureAsync($"{mockBroker.Host}:{mockBroker.Port}", options);

        using var broker = await BrokerProcess.StartAsync();
        var ours = await MeasureAsync(broker.Bootstrap, options);
        var (rss, logBytes) = await MeasureMemoryAsync(broker, options);

        var table = Format(options, ours, mock, rss, logBytes);
        Console.WriteLine(table);
        if (options.Record) BenchRecord.Record("Broker", "broker", table);
        return 0;
    }

    /// <summary>The consumer's <c>fetch.queue.backoff.ms</c> in the second consume pass: what a bulk reader should set.</summary>
    public const int TunedFetchQueueBackoffMs = 10;

    private sealed record Figures(double ProduceRate, double ConsumeRate, double ConsumeTunedRate, long Retained, double P50, double P99, int Samples);

    private static async Task<Figures> MeasureAsync(string bootstrap, BenchOptions options)
    {
        var partitions = await KafkaLoad.EnsureTopicAsync(bootstrap, "bench", Partitions);
        await KafkaLoad.EnsureTopicAsync(bootstrap, "latency", 1);
        var produce = KafkaLoad.Produce(bootstrap, "bench", options.Messages, options.ValueBytes);
        var (consume, consumed) = KafkaLoad.Consume(bootstrap, "bench", partitions);
        var (consumeTuned, _) = KafkaLoad.Consume(bootstrap, "bench", partitions, TunedFetchQueueBackoffMs);
        var (p50, p99, samples) = await KafkaLoad.LatencyAsync(bootstrap, "latency", 10_000, TimeSpan.FromSeconds(5));
        Console.WriteLine($"  {bootstrap}: produce {produce:N0}/s, consume {consume:N0}/s (fetch.queue.backoff.ms {TunedFetchQueueBackoffMs}: {consumeTuned:N0}/s) "
            + $"of {consumed:N0} retained, latency p50 {p50:F2} ms p99 {p99:F2} ms");
        return new Figures(produce, consume, consumeTuned, consumed, p50, p99, samples);
    }

    /// <summary>Fills the log to the requested size, reads it all back, and reports the broker's peak resident memory.</summary>
    private static async Task<(long Rss, long LogBytes)> MeasureMemoryAsync(BrokerProcess broker, BenchOptions options)
    {
        var target = (long)(options.LogGigabytes * (1L << 30));
        await KafkaLoad.EnsureTopicAsync(broker.Bootstrap, "fill", Partitions);
        while (broker.LogBytesOnDisk() < target) KafkaLoad.Produce(broker.Bootstrap, "fill", 500_000, 1000);
        var afterWrite = broker.ResidentBytes();
        KafkaLoad.Consume(broker.Bootstrap, "fill", Partitions);
        return (Math.Max(afterWrite, broker.ResidentBytes()), broker.LogBytesOnDisk());
    }

    private static string Format(BenchOptions options, Figures ours, Figures mock, long rss, long logBytes)
    {
        var mb = options.ValueBytes / 1e6;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| measure | embedded broker | librdkafka mock cluster | ratio |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| produce, acks=all, linger 5 ms ({options.ValueBytes} B) | {ours.ProduceRate:N0} msg/s ({ours.ProduceRate * mb:N1} MB/s) | {mock.ProduceRate:N0} msg/s ({mock.ProduceRate * mb:N1} MB/s) | {ours.ProduceRate / mock.ProduceRate:F2}x |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| messages retained to consume | {ours.Retained:N0} | {mock.Retained:N0} (the mock keeps a bounded tail) | |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| consume from earliest, client defaults | {ours.ConsumeRate:N0} msg/s ({ours.ConsumeRate * mb:N1} MB/s) | {mock.ConsumeRate:N0} msg/s ({mock.ConsumeRate * mb:N1} MB/s) | {ours.ConsumeRate / mock.ConsumeRate:F2}x |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| consume from earliest, fetch.queue.backoff.ms {TunedFetchQueueBackoffMs} | {ours.ConsumeTunedRate:N0} msg/s ({ours.ConsumeTunedRate * mb:N1} MB/s) | {mock.ConsumeTunedRate:N0} msg/s ({mock.ConsumeTunedRate * mb:N1} MB/s) | {ours.ConsumeTunedRate / mock.ConsumeTunedRate:F2}x |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| latency p50 at 10k msg/s | {ours.P50:F2} ms | {mock.P50:F2} ms | |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| latency p99 at 10k msg/s | {ours.P99:F2} ms | {mock.P99:F2} ms | |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| broker resident memory with {logBytes / (double)(1L << 30):F2} GiB of log | {rss / (double)(1 << 20):N0} MiB | n/a (holds the log in memory) | |");
        return text.ToString();
    }
}
