using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.ServiceDefaults.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace KappaAspire.ServiceDefaults.Tests;

[Collection(ActivityListeningCollection.Name)]
public sealed class KafkaRoundTripTests(MockKafkaCluster cluster) : IClassFixture<MockKafkaCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static HostApplicationBuilder Builder(string bootstrapServers)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kafka"] = bootstrapServers,
            ["Aspire:Confluent:Kafka:Consumer:Config:GroupId"] = "round-trip",
            ["Aspire:Confluent:Kafka:Consumer:Config:EnableAutoCommit"] = "false",
        });
        return builder;
    }

    /// <summary>
    /// A host with the integration's producer and consumer (no tracing or metrics options changed); <paramref name="produce"/>
    /// writes one record, which the consumer then reads back from its partition.
    /// </summary>
    private async Task<(IHost Host, IConsumer<string, string> Consumer, DeliveryResult<string, string> Delivered, ConsumeResult<string, string> Consumed)> RoundTripAsync(
        Func<IProducer<string, string>, Task<DeliveryResult<string, string>>> produce)
    {
        var builder = Builder(cluster.BootstrapServers);
        builder.AddKafkaProducer<string, string>("kafka");
        builder.AddKafkaConsumer<string, string>("kafka");
        var host = builder.Build();
        var consumer = host.Services.GetRequiredService<IConsumer<string, string>>();
        var delivered = await produce(host.Services.GetRequiredService<IProducer<string, string>>());
        consumer.Assign(new TopicPartitionOffset(delivered.Topic, delivered.Partition, Offset.Beginning));
        return (host, consumer, delivered, ConsumeOne(consumer));
    }

    [Fact(Timeout = 60_000)]
    public async Task Traced_message_round_trips_through_a_broker_as_one_trace()
    {
        var topic = $"round-trip-{Guid.NewGuid():N}";
        using var recorder = new ActivityRecorder();

        var (host, consumer, delivered, consumed) = await RoundTripAsync(
            producer => producer.ProduceTracedAsync(topic, new Message<string, string> { Key = "sensor-1", Value = "{}" }, TestContext.Current.CancellationToken));
        using var _ = host;
        using var process = consumer.StartProcessActivity(consumed);

        var publish = Assert.Single(recorder.Stopped, a => a.DisplayName == $"{topic} publish");
        Assert.NotNull(process);
        Assert.Equal($"{topic} process", process.DisplayName);
        Assert.Equal(publish.TraceId, process.TraceId);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.Equal("round-trip", process.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal(delivered.Offset.Value, publish.GetTagItem("messaging.kafka.offset"));
        Assert.Equal(delivered.Offset.Value, consumed.Offset.Value);
        Assert.Equal("sensor-1", consumed.Message.Key);
    }

    [Fact(Timeout = 60_000)]
    public async Task Traced_processing_that_throws_marks_its_span_failed_and_records_its_duration()
    {
        var topic = $"processing-{Guid.NewGuid():N}";
        using var recorder = new ActivityRecorder();
        using var durations = new DurationRecorder("messaging.process.duration", topic);
        var (host, consumer, _, consumed) = await RoundTripAsync(
            producer => producer.ProduceTracedAsync(topic, new Message<string, string> { Key = "sensor-3", Value = "not a reading" }, TestContext.Current.CancellationToken));
        using var _ = host;
        Activity? current = null;

        await Assert.ThrowsAsync<FormatException>(() => consumer.ProcessTracedAsync(consumed, (_, _) =>
        {
            current = Activity.Current;
            throw new FormatException("bad reading");
        }, TestContext.Current.CancellationToken));

        var publish = Assert.Single(recorder.Stopped, a => a.DisplayName == $"{topic} publish");
        var process = Assert.Single(recorder.Stopped, a => a.DisplayName == $"{topic} process");
        Assert.Same(process, current);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Error, process.Status);
        var duration = Assert.Single(durations.Recorded);
        Assert.Equal("System.FormatException", duration.Tags["error.type"]);
        Assert.Equal("round-trip", duration.Tags["messaging.consumer.group.name"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task Synchronous_processing_records_its_duration_with_the_group_and_an_error_type_when_it_failed()
    {
        var topic = $"sync-processing-{Guid.NewGuid():N}";
        using var durations = new DurationRecorder("messaging.process.duration", topic);
        var (host, consumer, _, consumed) = await RoundTripAsync(
            producer => producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "v" }, TestContext.Current.CancellationToken));
        using var _ = host;
        var started = Stopwatch.GetTimestamp();

        consumer.RecordProcessDuration(consumed, started);
        consumer.RecordProcessDuration(consumed, started, "dead_lettered");

        var recorded = durations.Recorded.OrderBy(d => d.Tags.ContainsKey("error.type")).ToList();
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, d => Assert.Equal("round-trip", d.Tags["messaging.consumer.group.name"]));
        Assert.All(recorded, d => Assert.Equal("process", d.Tags["messaging.operation.name"]));
        Assert.All(recorded, d => Assert.InRange(d.Seconds, 0, 10));
        Assert.False(recorded[0].Tags.ContainsKey("error.type"));
        Assert.Equal("dead_lettered", recorded[1].Tags["error.type"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task Fire_and_forget_produce_ends_its_span_on_delivery_and_leaves_the_caller_span_current()
    {
        var topic = $"fire-and-forget-{Guid.NewGuid():N}";
        using var recorder = new ActivityRecorder();
        var builder = Builder(cluster.BootstrapServers);
        builder.AddKafkaProducer<string, string>("kafka");
        using var host = builder.Build();
        var producer = host.Services.GetRequiredService<IProducer<string, string>>();
        var reported = new TaskCompletionSource<DeliveryReport<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var caller = new Activity("simulate readings").Start();

        producer.ProduceTraced(topic, new Message<string, string> { Key = "sensor-2", Value = "{}" }, reported.SetResult);
        var currentAfterProduce = Activity.Current;
        var report = await reported.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Same(caller, currentAfterProduce);
        Assert.False(report.Error.IsError);
        var publish = Assert.Single(recorder.Stopped, a => a.DisplayName == $"{topic} publish");
        Assert.Equal(caller.SpanId, publish.ParentSpanId);
        Assert.Equal(report.Offset.Value, publish.GetTagItem("messaging.kafka.offset"));
        Assert.Equal(ActivityStatusCode.Unset, publish.Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task Health_checks_report_healthy_when_the_cluster_answers()
    {
        var builder = Builder(cluster.BootstrapServers);
        builder.AddKafkaProducer<string, string>("kafka");
        builder.AddKafkaConsumer<string, string>("kafka");
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["kafka-producer-kafka"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["kafka-consumer-kafka"].Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task Health_check_reports_unhealthy_within_its_timeout_when_the_cluster_is_unreachable()
    {
        var timeout = TimeSpan.FromSeconds(1);
        var builder = Builder("127.0.0.1:1");
        builder.AddKafkaProducer<string, string>("kafka", settings => settings.HealthCheckTimeout = timeout);
        using var host = builder.Build();
        var healthChecks = host.Services.GetRequiredService<HealthCheckService>();

        var clock = Stopwatch.StartNew();
        var report = await healthChecks.CheckHealthAsync(TestContext.Current.CancellationToken);
        clock.Stop();

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["kafka-producer-kafka"].Status);
        Assert.Contains("127.0.0.1:1", report.Entries["kafka-producer-kafka"].Description, StringComparison.Ordinal);
        // Under the 5 s default, so the configured 1 s was used; with room for client start-up on a loaded machine.
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4.5));
    }

    [Fact(Timeout = 60_000)]
    public async Task Failed_delivery_marks_the_publish_span_as_an_error_and_records_its_duration()
    {
        var topic = $"undeliverable-{Guid.NewGuid():N}";
        using var recorder = new ActivityRecorder();
        using var durations = new DurationRecorder("messaging.client.operation.duration", topic);
        var builder = Builder("127.0.0.1:1");
        builder.AddKafkaProducer<string, string>("kafka", settings => settings.Config.MessageTimeoutMs = 300);
        using var host = builder.Build();
        var producer = host.Services.GetRequiredService<IProducer<string, string>>();

        var error = await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
            producer.ProduceTracedAsync(topic, new Message<string, string> { Key = "k", Value = "v" }, TestContext.Current.CancellationToken));

        var publish = Assert.Single(recorder.Stopped, a => a.DisplayName == $"{topic} publish");
        Assert.Equal(ActivityStatusCode.Error, publish.Status);
        Assert.Equal(error.Error.Code.ToString(), publish.GetTagItem("error.type"));
        var duration = Assert.Single(durations.Recorded);
        Assert.Equal(error.Error.Code.ToString(), duration.Tags["error.type"]);
    }

    [Fact(Timeout = 60_000)]
    public async Task With_service_defaults_spans_and_metrics_are_exported_and_a_user_statistics_handler_still_runs()
    {
        var topic = $"service-defaults-{Guid.NewGuid():N}";
        var exportedMetrics = new List<Metric>();
        var exportedSpans = new List<Activity>();
        var sawDelivery = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = Builder(cluster.BootstrapServers);
        builder.AddServiceDefaults();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddInMemoryExporter(exportedMetrics))
            .WithTracing(tracing => tracing.AddInMemoryExporter(exportedSpans));
        builder.AddKafkaProducer<string, string>("kafka",
            settings => settings.Config.StatisticsIntervalMs = 100,
            (_, producerBuilder) => producerBuilder.SetStatisticsHandler((_, json) =>
            {
                // Ours runs first, so once the user's handler sees the delivery the meter has it too.
                using var statistics = JsonDocument.Parse(json);
                if (statistics.RootElement.GetProperty("txmsgs").GetInt64() >= 1)
                {
                    sawDelivery.TrySetResult();
                }
            }));
        using var host = builder.Build();
        var meterProvider = host.Services.GetRequiredService<MeterProvider>();
        var tracerProvider = host.Services.GetRequiredService<TracerProvider>();
        var producer = host.Services.GetRequiredService<IProducer<string, string>>();

        await producer.ProduceTracedAsync(topic, new Message<string, string> { Key = "k", Value = "v" }, TestContext.Current.CancellationToken);
        await sawDelivery.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        meterProvider.ForceFlush();
        tracerProvider.ForceFlush();

        Assert.Contains(exportedSpans, span => span.DisplayName == $"{topic} publish");
        var published = Points(exportedMetrics, "messaging.kafka.published.messages")
            .Single(point => Equals(point.Tags["messaging.kafka.client.name"], producer.Name));
        Assert.True(published.Point.GetSumLong() >= 1);
        var duration = Points(exportedMetrics, "messaging.client.operation.duration")
            .Single(point => Equals(point.Tags["messaging.destination.name"], topic));
        Assert.Equal(1, duration.Point.GetHistogramCount());
    }

    private static IEnumerable<(MetricPoint Point, Dictionary<string, object?> Tags)> Points(List<Metric> exported, string name)
    {
        foreach (var metric in exported.Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }
                yield return (point, tags);
            }
        }
    }

    private static ConsumeResult<string, string> ConsumeOne(IConsumer<string, string> consumer)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Patience);
        return consumer.Consume(deadline.Token);
    }

    /// <summary>Collects one duration histogram of the shared KappaAspire.Kafka meter, for one topic only.</summary>
    private sealed class DurationRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();

        public DurationRecorder(string instrumentName, string topic)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == KafkaTelemetry.MeterName && instrument.Name == instrumentName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                var tagged = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
                if (Equals(tagged.GetValueOrDefault("messaging.destination.name"), topic))
                {
                    Recorded.Add((value, tagged));
                }
            });
            _listener.Start();
        }

        public ConcurrentBag<(double Seconds, Dictionary<string, object?> Tags)> Recorded { get; } = [];

        public void Dispose() => _listener.Dispose();
    }
}
