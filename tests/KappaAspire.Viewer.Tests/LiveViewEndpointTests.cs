using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.Json;
using KappaAspire.Testing;
using KappaAspire.Viewer.Streaming;
using KappaAspire.Viewer.View;

namespace KappaAspire.Viewer.Tests;

/// <summary>Predictions produced to <c>iot_predictions</c> reach <c>/api/snapshot</c> and <c>/events</c>.</summary>
public sealed class LiveViewEndpointTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Predictions_on_the_topic_show_up_in_the_snapshot()
    {
        using var log = await PredictionLog.OpenAsync(kafka);
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);
        var pump = PredictionLog.NewSensorId("pump");
        var fan = PredictionLog.NewSensorId("fan");

        await log.ProduceAsync(PredictionLog.Prediction(pump, Start, 800, 805));
        await log.ProduceAsync(PredictionLog.Prediction(pump, Start.AddMinutes(1), 1900, 810, isAnomaly: true, kind: "spike"));
        await log.ProduceAsync(PredictionLog.Prediction(fan, Start, 300, 298));
        await log.ProduceAsync(PredictionLog.Prediction(pump, Start.AddMinutes(2), 812, 808));

        var snapshot = await viewer.WaitForSnapshotAsync(s =>
            s.Sensors.Any(x => x.SensorId == pump && x.Predictions == 3) && s.Sensors.Any(x => x.SensorId == fan)
            && s.Counters.PredictionsPerSecond > 0);

        var pumpView = snapshot.Sensors.Single(s => s.SensorId == pump);
        Assert.Equal(Start.AddMinutes(2), pumpView.Latest.Timestamp);
        Assert.Equal(812, pumpView.Latest.Power);
        Assert.Equal(1, pumpView.Anomalies);
        Assert.Equal([800, 1900, 812], pumpView.Points.Select(p => p.Power));
        Assert.Equal([false, true, false], pumpView.Points.Select(p => p.IsAnomaly));
        Assert.True(pumpView.Points[1].IsTrueAnomaly);

        var anomaly = Assert.Single(snapshot.Anomalies, a => a.SensorId == pump);
        Assert.Equal((1900.0, 810.0, 9.5, "spike"), (anomaly.Power, anomaly.ExpectedPower, anomaly.Score, anomaly.Kind));
        Assert.Equal(Start.AddMinutes(1), anomaly.Timestamp);
        Assert.DoesNotContain(snapshot.Anomalies, a => a.SensorId == fan);

        Assert.True(snapshot.Counters.TotalPredictions >= 4);
        Assert.True(snapshot.Counters.TotalAnomalies >= 1);
        Assert.Equal("v0007", snapshot.ModelVersion);
        Assert.Equal(ConnectionStatus.Live, snapshot.Status.State);
        Assert.Equal(ModelCatalogView.Disabled, snapshot.Model.State);
    }

    [Fact]
    public async Task Events_stream_starts_with_a_snapshot_then_carries_new_predictions_as_deltas()
    {
        using var log = await PredictionLog.OpenAsync(kafka);
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);
        await viewer.WaitForSnapshotAsync(s => s.Status.State == ConnectionStatus.Live);
        var sensor = PredictionLog.NewSensorId("chiller");

        using var response = await viewer.Http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        await using var events = SseParser.Create(stream).EnumerateAsync().GetAsyncEnumerator();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var first = await NextAsync(events, timeout.Token);
        Assert.Equal(ViewerEventStream.SnapshotEvent, first.EventType);
        var snapshot = JsonSerializer.Deserialize(first.Data, ViewerJsonContext.Default.ViewSnapshot)!;
        Assert.DoesNotContain(snapshot.Sensors, s => s.SensorId == sensor);

        await log.ProduceAsync(PredictionLog.Prediction(sensor, Start, 640, 600, isAnomaly: true, kind: "drift"));

        SensorView? seen = null;
        AnomalyRow? row = null;
        while (seen is null)
        {
            var item = await NextAsync(events, timeout.Token);
            if (item.EventType != ViewerEventStream.DeltaEvent)
            {
                continue;
            }

            var delta = JsonSerializer.Deserialize(item.Data, ViewerJsonContext.Default.ViewDelta)!;
            Assert.True(delta.Sequence >= snapshot.Sequence);
            seen = delta.Sensors.SingleOrDefault(s => s.SensorId == sensor);
            row = delta.Anomalies.SingleOrDefault(a => a.SensorId == sensor);
        }

        Assert.True(seen.Reset, "a sensor new to the client arrives as a reset");
        var point = Assert.Single(seen.Points);
        Assert.Equal((640.0, 600.0, true), (point.Power, point.Expected, point.IsAnomaly));
        Assert.NotNull(row);
        Assert.Equal("drift", row.Kind);
    }

    [Fact]
    public async Task A_burst_of_predictions_reaches_the_browser_in_a_few_batched_deltas()
    {
        using var log = await PredictionLog.OpenAsync(kafka);
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers, "--Viewer:UpdateInterval=00:00:00.250");
        await viewer.WaitForSnapshotAsync(s => s.Status.State == ConnectionStatus.Live);
        var sensor = PredictionLog.NewSensorId("burst");

        using var response = await viewer.Http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        await using var events = SseParser.Create(stream).EnumerateAsync().GetAsyncEnumerator();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.Equal(ViewerEventStream.SnapshotEvent, (await NextAsync(events, timeout.Token)).EventType);

        const int Burst = 300;
        await Task.WhenAll(Enumerable.Range(0, Burst).Select(i =>
            log.ProduceAsync(PredictionLog.Prediction(sensor, Start.AddMinutes(i), 500 + i, 500))));

        var deltas = 0;
        SensorView? last = null;
        while (last?.Predictions != Burst)
        {
            var item = await NextAsync(events, timeout.Token);
            if (item.EventType == ViewerEventStream.DeltaEvent
                && JsonSerializer.Deserialize(item.Data, ViewerJsonContext.Default.ViewDelta)!.Sensors.SingleOrDefault(s => s.SensorId == sensor) is { } view)
            {
                deltas++;
                last = view;
            }
        }

        // 300 predictions, a handful of events: each delta carries many points, and at most PointsPerSensor per sensor.
        Assert.InRange(deltas, 1, 20);
        Assert.Equal(799, last.Latest.Power);
        Assert.Equal(799, last.Points[^1].Power);
        Assert.InRange(last.Points.Count, 1, 120);
    }

    [Fact]
    public async Task Open_event_streams_end_when_the_viewer_stops_so_shutdown_does_not_wait_for_browsers()
    {
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);
        using var response = await viewer.Http.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        await using var events = SseParser.Create(stream).EnumerateAsync().GetAsyncEnumerator();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.Equal(ViewerEventStream.SnapshotEvent, (await NextAsync(events, timeout.Token)).EventType);

        var stopping = Stopwatch.StartNew();
        await viewer.App.StopAsync(timeout.Token);

        // Well under the host's 30 s shutdown timeout, which an open event stream would otherwise hold it to.
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {stopping.Elapsed}");
        while (await events.MoveNextAsync().AsTask().WaitAsync(timeout.Token))
        {
            // deltas written before the stop; then the stream ends
        }
    }

    private static async Task<SseItem<string>> NextAsync(IAsyncEnumerator<SseItem<string>> events, CancellationToken cancellationToken)
    {
        var next = events.MoveNextAsync().AsTask();
        await next.WaitAsync(cancellationToken);
        Assert.True(next.Result, "the event stream ended");
        return events.Current;
    }
}
