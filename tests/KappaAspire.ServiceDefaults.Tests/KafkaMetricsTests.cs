using System.Diagnostics.Metrics;
using KappaAspire.ServiceDefaults.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace KappaAspire.ServiceDefaults.Tests;

public sealed class KafkaMetricsTests : IDisposable
{
    private static readonly TimeSpan KeepReports = TimeSpan.FromMinutes(1);

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly KafkaMetrics _metrics;

    public KafkaMetricsTests() => _metrics = new KafkaMetrics(_services.GetRequiredService<IMeterFactory>());

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Consumer_report_exports_lag_per_topic_and_partition_skipping_unknown_ones()
    {
        _metrics.OnStatistics(StatisticsSamples.Consumer, KeepReports);

        var lag = Collect("messaging.kafka.consumer.lag");

        Assert.Equal(2, lag.Count);
        var partition0 = Assert.Single(lag, m => m.Tag("messaging.destination.partition.id") == "0");
        var partition1 = Assert.Single(lag, m => m.Tag("messaging.destination.partition.id") == "1");
        Assert.Equal(42, partition0.Value);
        Assert.Equal(0, partition1.Value);
        Assert.All(lag, m =>
        {
            Assert.Equal("iot_raw_data", m.Tag("messaging.destination.name"));
            Assert.Equal("inference", m.Tag("messaging.client.id"));
            Assert.Equal("inference#consumer-2", m.Tag("messaging.kafka.client.name"));
        });
    }

    [Fact]
    public void Consumer_report_exports_received_totals_and_reply_queue()
    {
        _metrics.OnStatistics(StatisticsSamples.Consumer, KeepReports);

        Assert.Equal(3691, Assert.Single(Collect("messaging.kafka.received.messages")).Value);
        Assert.Equal(664380, Assert.Single(Collect("messaging.kafka.received.bytes")).Value);
        Assert.Equal(3, Assert.Single(Collect("messaging.kafka.client.reply_queue")).Value);
        Assert.Empty(Collect("messaging.kafka.published.messages"));
    }

    [Fact]
    public void Producer_report_exports_published_totals_and_queue_depth()
    {
        _metrics.OnStatistics(StatisticsSamples.Producer, KeepReports);

        var published = Assert.Single(Collect("messaging.kafka.published.messages"));
        Assert.Equal(6000, published.Value);
        Assert.Equal("producer", published.Tag("messaging.client.id"));
        Assert.Equal(1161000, Assert.Single(Collect("messaging.kafka.published.bytes")).Value);
        Assert.Equal(12, Assert.Single(Collect("messaging.kafka.producer.queue.messages")).Value);
        Assert.Equal(2160, Assert.Single(Collect("messaging.kafka.producer.queue.bytes")).Value);
        Assert.Empty(Collect("messaging.kafka.consumer.lag"));
        Assert.Empty(Collect("messaging.kafka.received.messages"));
    }

    [Fact]
    public void Each_client_reports_separately_and_a_newer_report_replaces_the_older()
    {
        _metrics.OnStatistics(StatisticsSamples.Producer, KeepReports);
        _metrics.OnStatistics(StatisticsSamples.Consumer, KeepReports);
        _metrics.OnStatistics(StatisticsSamples.Consumer.Replace("\"consumer_lag\": 42", "\"consumer_lag\": 5", StringComparison.Ordinal), KeepReports);

        var lag = Collect("messaging.kafka.consumer.lag");

        Assert.Equal(5, Assert.Single(lag, m => m.Tag("messaging.destination.partition.id") == "0").Value);
        Assert.Equal(2, Collect("messaging.kafka.client.reply_queue").Count);
    }

    [Fact]
    public void A_client_that_stopped_reporting_is_forgotten()
    {
        _metrics.OnStatistics(StatisticsSamples.Consumer, TimeSpan.FromMilliseconds(-1));

        Assert.Empty(Collect("messaging.kafka.consumer.lag"));
        Assert.Empty(Collect("messaging.kafka.received.messages"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"name\": \"x\", \"topics\": ")]
    public void Unreadable_reports_are_ignored(string json)
    {
        _metrics.OnStatistics(json, KeepReports);

        Assert.Empty(Collect("messaging.kafka.client.reply_queue"));
    }

    [Fact]
    public void Parser_reads_totals_and_only_real_partitions_with_known_lag()
    {
        var statistics = KafkaStatistics.Parse(StatisticsSamples.Consumer);

        Assert.Equal(("inference#consumer-2", "inference", "consumer"), (statistics.Name, statistics.ClientId, statistics.Type));
        Assert.Equal((0L, 0L, 3691L, 664380L), (statistics.TxMessages, statistics.TxMessageBytes, statistics.RxMessages, statistics.RxMessageBytes));
        Assert.Equal([new KafkaPartitionLag("iot_raw_data", 0, 42), new KafkaPartitionLag("iot_raw_data", 1, 0)], statistics.Partitions);
    }

    /// <summary>Observes every instrument of this test's meter once and returns the measurements of one of them.</summary>
    private List<Recorded> Collect(string instrumentName)
    {
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        var recorded = new List<Recorded>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Scope isolates this test's meter from others in the process that share the name.
                if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Name == instrumentName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            recorded.Add(new Recorded(value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();
        listener.RecordObservableInstruments();
        return recorded;
    }

    private sealed record Recorded(long Value, Dictionary<string, object?> Tags)
    {
        public string? Tag(string name) => Tags.TryGetValue(name, out var value) ? value as string : null;
    }
}
