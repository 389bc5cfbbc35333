using System.Diagnostics.Metrics;
using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Telemetry;

/// <summary>
/// The broker's OpenTelemetry metrics (meter <c>KappaAspire.Broker</c>): requests by API and error code,
/// request latency (produce and fetch included), bytes and records in/out, connections, partition sizes, groups.
/// </summary>
internal sealed class BrokerMetrics
{
    public const string MeterName = "KappaAspire.Broker";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _recordsIn;
    private readonly Counter<long> _bytesOut;
    private readonly UpDownCounter<long> _connections;

    public BrokerMetrics(IMeterFactory meterFactory, LogManager logs, GroupCoordinator groups)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("kappa.broker.requests", "{request}", "Requests handled, by API and error code.");
        _requestDuration = meter.CreateHistogram<double>("kappa.broker.request.duration", "s", "Time to handle a request (a fetch includes its long-poll wait).");
        _bytesIn = meter.CreateCounter<long>("kappa.broker.bytes_in", "By", "Record batch bytes appended.");
        _recordsIn = meter.CreateCounter<long>("kappa.broker.records_in", "{record}", "Records appended.");
        _bytesOut = meter.CreateCounter<long>("kappa.broker.bytes_out", "By", "Record batch bytes fetched.");
        _connections = meter.CreateUpDownCounter<long>("kappa.broker.connections", "{connection}", "Open client connections.");
        meter.CreateObservableGauge("kappa.broker.partition.size", () => PartitionMeasurements(logs, p => p.SizeInBytes), "By", "Bytes on disk per partition.");
        meter.CreateObservableGauge("kappa.broker.partition.high_watermark", () => PartitionMeasurements(logs, p => p.HighWatermark), "{offset}", "Next offset per partition.");
        meter.CreateObservableGauge("kappa.broker.groups", () => groups.GroupCount, "{group}", "Consumer groups with members.");
    }

    private static IEnumerable<Measurement<long>> PartitionMeasurements(LogManager logs, Func<PartitionLog, long> value)
    {
        foreach (var topic in logs.Topics)
            foreach (var partition in topic.Partitions)
                yield return new Measurement<long>(value(partition),
                    new("messaging.destination.name", topic.Name), new("messaging.destination.partition.id", partition.Partition));
    }

    public void RecordRequest(ApiKey api, ErrorCode error, TimeSpan duration)
    {
        var apiTag = new KeyValuePair<string, object?>("kafka.api", api.ToString());
        _requests.Add(1, apiTag, new("kafka.error_code", (short)error));
        _requestDuration.Record(duration.TotalSeconds, apiTag);
    }

    public void RecordBytesIn(string topic, int bytes, int records)
    {
        var tag = new KeyValuePair<string, object?>("messaging.destination.name", topic);
        _bytesIn.Add(bytes, tag);
        _recordsIn.Add(records, tag);
    }

    public void RecordBytesOut(string topic, int bytes) => _bytesOut.Add(bytes, new KeyValuePair<string, object?>("messaging.destination.name", topic));

    public void ConnectionOpened() => _connections.Add(1);
    public void ConnectionClosed() => _connections.Add(-1);
}
