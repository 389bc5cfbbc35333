using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.IntegrationTests;

/// <summary>What the services export over OTLP, read back from the endpoint the test controls.</summary>
[Collection(SystemCollection.Name)]
public sealed class TelemetryTests(KappaSystemFixture system, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task One_trace_follows_a_reading_from_the_producer_through_inference_to_the_viewer()
    {
        await system.TrainUntilPromotedAsync(Patience);

        var deadline = DateTime.UtcNow + Patience;
        (ConsumeResult<string, byte[]> Record, IReadOnlyList<Otlp.ReceivedSpan> Spans)? found = null;
        while (found is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2000);
            // Recent predictions whose traces have arrived whole: each service exports in its own batches, so a trace can
            // be seen with some spans still on their way (say inference's process span, but not yet its publish span).
            found = TopicReader.ReadAll(system.KafkaBootstrap, Topics.Predictions, TimeSpan.FromSeconds(30))
                .TakeLast(2_000)
                .Select(r => (Record: r, Spans: system.Telemetry.Trace(TraceId(r))))
                .Where(t => new[] { "producer", "inference", "viewer" }.All(s => t.Spans.Any(span => span.Service == s)) && IsOneTree(t.Spans))
                .Cast<(ConsumeResult<string, byte[]>, IReadOnlyList<Otlp.ReceivedSpan>)?>()
                .FirstOrDefault();
        }

        Assert.True(found is not null, $"No prediction's trace arrived whole with spans from producer, inference and viewer; services exporting: {string.Join(", ", system.Telemetry.Services)}");
        var (record, spans) = found.Value;
        foreach (var span in spans) output.WriteLine($"{span.Service,-10} {span.Name,-40} {span.SpanId} ← {span.ParentSpanId}");

        // The same reading: the raw record the prediction names carries the trace the spans belong to.
        var prediction = JsonSerializer.Deserialize(record.Message.Value, PipelineJsonContext.Default.Prediction)!;
        var reading = TopicReader.ReadAt(system.KafkaBootstrap, Topics.RawData, prediction.SourcePartition, prediction.SourceOffset);
        Assert.Equal(TraceId(record), TraceId(reading));

        // One tree rooted at the producer's publish span; the viewer continues inference's output.
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        var root = spans.Single(s => !ids.Contains(s.ParentSpanId));
        Assert.Equal("producer", root.Service);
        Assert.Equal("", root.ParentSpanId);
        var viewer = spans.First(s => s.Service == "viewer");
        Assert.Equal("inference", spans.Single(s => s.SpanId == viewer.ParentSpanId).Service);
    }

    [Fact]
    public async Task Every_service_exports_its_custom_metrics_and_its_kafka_client_metrics()
    {
        await system.TrainUntilPromotedAsync(Patience);
        var expected = new Dictionary<string, string[]>
        {
            ["producer"] = ["kappa.producer.readings", "messaging.kafka.published.messages"],
            ["trainer"] = ["kappa.trainer.runs", "kappa.trainer.replay.records"],
            ["inference"] = ["kappa.inference.predictions", "kappa.inference.end_to_end.latency", "messaging.kafka.consumer.lag", "messaging.kafka.received.messages"],
            ["viewer"] = ["kappa.viewer.predictions.received"],
            ["kafka-broker"] = ["kappa.broker.requests", "kappa.broker.records_in"],
        };

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        List<string> missing;
        do
        {
            missing = [.. expected.SelectMany(e => e.Value.Where(m => !system.Telemetry.MetricNames(e.Key).Contains(m)).Select(m => $"{e.Key}: {m}"))];
            if (missing.Count == 0) break;
            await Task.Delay(1000);
        } while (DateTime.UtcNow < deadline);

        foreach (var service in expected.Keys) output.WriteLine($"{service}: {string.Join(", ", system.Telemetry.MetricNames(service).Order())}");
        Assert.Empty(missing);
    }

    /// <summary>Every span but one (the root) has its parent among the trace's spans.</summary>
    private static bool IsOneTree(IReadOnlyList<Otlp.ReceivedSpan> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        return spans.Count(s => !ids.Contains(s.ParentSpanId)) == 1;
    }

    private static string TraceId(ConsumeResult<string, byte[]> record)
    {
        // W3C traceparent: version-traceid-spanid-flags.
        Assert.True(record.Message.Headers.TryGetLastBytes("traceparent", out var header), $"{record.Topic} record at {record.TopicPartitionOffset} has no traceparent header.");
        return Encoding.ASCII.GetString(header).Split('-')[1];
    }
}
