using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using KappaAspire.Testing;

namespace KappaAspire.Viewer.Tests;

/// <summary>One trace runs producer → inference → viewer: the viewer's span continues the prediction's trace.</summary>
public sealed class TracingTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Processing_a_prediction_starts_a_consumer_span_whose_parent_is_the_predictions_publish_span()
    {
        // Listeners are process-wide; this one only keeps spans of the trace this test starts.
        var traceId = ActivityTraceId.CreateRandom();
        var parentSpanId = ActivitySpanId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("KappaAspire.", StringComparison.Ordinal),
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var log = await PredictionLog.OpenAsync(kafka);
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);
        var sensor = PredictionLog.NewSensorId("traced");
        var headers = new Headers { { "traceparent", Encoding.UTF8.GetBytes($"00-{traceId}-{parentSpanId}-01") } };

        await log.ProduceAsync(PredictionLog.Prediction(sensor, DateTimeOffset.UtcNow, 700, 690, isAnomaly: true, kind: "spike"), headers);
        await viewer.WaitForSnapshotAsync(s => s.Sensors.Any(x => x.SensorId == sensor));

        var span = await WaitForAsync(() => spans.FirstOrDefault(s => s.Kind == ActivityKind.Consumer));
        Assert.Equal(parentSpanId, span.ParentSpanId);
        Assert.Equal("iot_predictions process", span.DisplayName);
        Assert.Equal(sensor, span.GetTagItem("kappa.sensor.id"));
        Assert.Equal(true, span.GetTagItem("kappa.anomaly"));
        Assert.StartsWith("viewer-", (string?)span.GetTagItem("messaging.consumer.group.name"));
    }

    private static async Task<Activity> WaitForAsync(Func<Activity?> find)
    {
        // The span stops right after the view is updated, so it may trail the snapshot by a moment.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Activity? found;
        while ((found = find()) is null)
        {
            Assert.False(deadline.IsCancellationRequested, "no viewer span in the prediction's trace");
            await Task.Delay(20);
        }
        return found;
    }
}
