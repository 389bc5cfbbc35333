using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Conventions = KappaAspire.ServiceDefaults.Kafka.KafkaTelemetry.SemanticConventions;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>
/// Turns librdkafka statistics reports into observable instruments on the <c>KappaAspire.Kafka</c> meter: message and
/// byte totals, queue depths and consumer lag per topic/partition. One instance serves every client in the process.
/// </summary>
/// <remarks>
/// librdkafka reports running totals and current gauges, so the latest report per client is kept and read when the
/// exporter collects; nothing is accumulated here. A client that stops reporting (disposed) is forgotten after
/// a few intervals so its last values do not linger.
/// </remarks>
internal sealed partial class KafkaMetrics
{
    internal const string ClientNameTag = "messaging.kafka.client.name";

    private readonly ConcurrentDictionary<string, ClientReport> _reports = new(StringComparer.Ordinal);
    private readonly ILogger _logger;

    public KafkaMetrics(IMeterFactory meterFactory, ILogger<KafkaMetrics>? logger = null)
    {
        _logger = logger ?? NullLogger<KafkaMetrics>.Instance;
        var meter = meterFactory.Create(new MeterOptions(KafkaTelemetry.MeterName));

        meter.CreateObservableCounter("messaging.kafka.published.messages",
            () => Observe(ProducerType, static s => s.TxMessages), "{message}",
            "Messages sent to Kafka brokers (librdkafka txmsgs).");
        meter.CreateObservableCounter("messaging.kafka.published.bytes",
            () => Observe(ProducerType, static s => s.TxMessageBytes), "By",
            "Message bytes, including framing, sent to Kafka brokers (librdkafka txmsg_bytes).");
        meter.CreateObservableCounter("messaging.kafka.received.messages",
            () => Observe(ConsumerType, static s => s.RxMessages), "{message}",
            "Messages consumed from Kafka brokers (librdkafka rxmsgs).");
        meter.CreateObservableCounter("messaging.kafka.received.bytes",
            () => Observe(ConsumerType, static s => s.RxMessageBytes), "By",
            "Message bytes, including framing, consumed from Kafka brokers (librdkafka rxmsg_bytes).");
        meter.CreateObservableGauge("messaging.kafka.producer.queue.messages",
            () => Observe(ProducerType, static s => s.MessageCount), "{message}",
            "Messages waiting in the producer queues (librdkafka msg_cnt).");
        meter.CreateObservableGauge("messaging.kafka.producer.queue.bytes",
            () => Observe(ProducerType, static s => s.MessageSize), "By",
            "Bytes waiting in the producer queues (librdkafka msg_size).");
        meter.CreateObservableGauge("messaging.kafka.client.reply_queue",
            () => Observe(type: null, static s => s.ReplyQueue), "{operation}",
            "Callbacks and events waiting for the application to poll (librdkafka replyq).");
        meter.CreateObservableGauge("messaging.kafka.consumer.lag",
            ObserveLag, "{message}",
            "Messages between the consumer's position and the partition's high watermark (librdkafka consumer_lag).");
    }

    private const string ProducerType = "producer";
    private const string ConsumerType = "consumer";

    /// <summary>Records one statistics report; a report that cannot be parsed is logged and dropped.</summary>
    /// <param name="json">The report as given to the librdkafka statistics handler.</param>
    /// <param name="forgetAfter">How long the report stays exported if no newer one arrives.</param>
    public void OnStatistics(string json, TimeSpan forgetAfter)
    {
        if (string.IsNullOrEmpty(json))
        {
            return;
        }

        KafkaStatistics statistics;
        try
        {
            statistics = KafkaStatistics.Parse(json);
        }
        catch (JsonException ex)
        {
            // Metrics must never break the client whose callback thread this is.
            LogUnreadableStatistics(_logger, ex);
            return;
        }

        KeyValuePair<string, object?>[] tags =
        [
            new(Conventions.ClientId, statistics.ClientId),
            new(ClientNameTag, statistics.Name),
        ];
        _reports[statistics.Name] = new ClientReport(statistics, tags, Environment.TickCount64 + (long)forgetAfter.TotalMilliseconds);
    }

    private List<Measurement<long>> Observe(string? type, Func<KafkaStatistics, long> value)
    {
        var measurements = new List<Measurement<long>>();
        foreach (var report in CurrentReports())
        {
            if (type is null || string.Equals(report.Statistics.Type, type, StringComparison.Ordinal))
            {
                measurements.Add(new Measurement<long>(value(report.Statistics), report.Tags));
            }
        }
        return measurements;
    }

    private List<Measurement<long>> ObserveLag()
    {
        var measurements = new List<Measurement<long>>();
        foreach (var report in CurrentReports())
        {
            foreach (var partition in report.Statistics.Partitions)
            {
                measurements.Add(new Measurement<long>(partition.Lag,
                [
                    report.Tags[0],
                    report.Tags[1],
                    new(Conventions.DestinationName, partition.Topic),
                    new(Conventions.PartitionId, KafkaTelemetry.PartitionId(partition.Partition)),
                ]));
            }
        }
        return measurements;
    }

    private IEnumerable<ClientReport> CurrentReports()
    {
        var now = Environment.TickCount64;
        foreach (var (name, report) in _reports)
        {
            if (report.ExpiresAt < now)
            {
                _reports.TryRemove(new KeyValuePair<string, ClientReport>(name, report));
                continue;
            }
            yield return report;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a librdkafka statistics report that could not be parsed")]
    private static partial void LogUnreadableStatistics(ILogger logger, Exception exception);

    private sealed record ClientReport(KafkaStatistics Statistics, KeyValuePair<string, object?>[] Tags, long ExpiresAt);
}
