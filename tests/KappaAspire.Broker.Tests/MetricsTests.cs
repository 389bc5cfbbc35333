using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KappaAspire.Testing;

namespace KappaAspire.Broker.Tests;

/// <summary>The broker reports what it does through OpenTelemetry-ready .NET metrics (meter KappaAspire.Broker).</summary>
public sealed class MetricsTests(EmbeddedKafkaFixture broker) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Requests_bytes_and_partition_sizes_are_measured()
    {
        var measurements = new ConcurrentBag<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == "KappaAspire.Broker") l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();
        var topic = $"metrics-{Guid.NewGuid():N}";

        await KafkaTestClient.CreateTopicAsync(broker.BootstrapServers, topic, 1);
        await KafkaTestClient.ProduceAsync(broker.ProducerConfig(), topic, 100);
        KafkaTestClient.ReadAll(broker.BootstrapServers, topic, 1);
        listener.RecordObservableInstruments();

        Assert.Contains(measurements, m => m.Instrument == "kappa.broker.requests" && (string?)m.Tags["kafka.api"] == "Produce");
        Assert.Contains(measurements, m => m.Instrument == "kappa.broker.requests" && (string?)m.Tags["kafka.api"] == "Fetch");
        Assert.Equal(100, measurements.Where(m => m.Instrument == "kappa.broker.records_in" && (string?)m.Tags["messaging.destination.name"] == topic).Sum(m => m.Value));
        Assert.Contains(measurements, m => m.Instrument == "kappa.broker.bytes_out" && (string?)m.Tags["messaging.destination.name"] == topic);
        Assert.Contains(measurements, m => m.Instrument == "kappa.broker.partition.size" && (string?)m.Tags["messaging.destination.name"] == topic && m.Value > 0);
        Assert.Contains(measurements, m => m.Instrument == "kappa.broker.partition.high_watermark" && (string?)m.Tags["messaging.destination.name"] == topic && m.Value == 100);
    }
}
