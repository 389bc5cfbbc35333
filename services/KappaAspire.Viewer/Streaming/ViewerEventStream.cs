using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using KappaAspire.Viewer.Kafka;
using KappaAspire.Viewer.Services;
using KappaAspire.Viewer.Telemetry;
using KappaAspire.Viewer.View;
using Microsoft.Extensions.Options;

namespace KappaAspire.Viewer.Streaming;

/// <summary>
/// The events of <c>GET /events</c> for one browser: a <c>snapshot</c> first, then at most one <c>delta</c> per
/// <see cref="ViewerOptions.UpdateInterval"/> carrying what changed since the last one, plus <c>status</c> (Kafka
/// connection) and <c>model</c> (trainer catalog) when those change.
/// </summary>
/// <remarks>
/// However fast predictions arrive, a browser gets a bounded number of events, each bounded by the view's size: a slow
/// client just gets bigger deltas (or chart resets), never a growing backlog on the server.
/// </remarks>
internal sealed class ViewerEventStream(
    LiveView view,
    KafkaConnectionMonitor connection,
    ModelCatalog catalog,
    CurrentOutput output,
    IOptions<ViewerOptions> options,
    ViewerMetrics metrics,
    IHostApplicationLifetime lifetime,
    TimeProvider time)
{
    public const string SnapshotEvent = "snapshot";
    public const string DeltaEvent = "delta";
    public const string StatusEvent = "status";
    public const string ModelEvent = "model";

    /// <summary>An idle stream still gets a delta this often, so proxies keep it open and the page sees fresh counters.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    /// <summary>How long a browser waits before reconnecting after the stream drops.</summary>
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    /// <summary>The whole page state: <c>GET /api/snapshot</c> and the first event of the stream.</summary>
    public ViewSnapshot Snapshot()
    {
        // Status and catalog first: an update racing with the snapshot then shows up in the next event instead of being lost.
        var status = connection.Current;
        var model = catalog.Current;
        var data = view.DeltaSince(0);
        return new ViewSnapshot(
            data.Sequence, time.GetUtcNow(), options.Value.PointsPerSensor, options.Value.RecentAnomalies,
            data.Counters, data.ModelVersion, status, model, data.Sensors, data.Anomalies, data.Quality, output.Topic);
    }

    public async IAsyncEnumerable<SseItem<byte[]>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Ending with the application lets Kestrel shut down without waiting for every open page.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        metrics.ClientConnected();
        try
        {
            var statusVersion = connection.Version;
            var modelVersion = catalog.Version;
            var snapshot = Snapshot();
            var sequence = snapshot.Sequence;
            yield return new SseItem<byte[]>(JsonSerializer.SerializeToUtf8Bytes(snapshot, ViewerJsonContext.Default.ViewSnapshot), SnapshotEvent)
            {
                ReconnectionInterval = Retry,
            };

            var lastCounters = snapshot.Counters;
            var lastSent = time.GetTimestamp();
            using var timer = new PeriodicTimer(options.Value.UpdateInterval, time);
            while (await TickAsync(timer, stop.Token))
            {
                if (connection.Version is var currentStatus && currentStatus != statusVersion)
                {
                    statusVersion = currentStatus;
                    yield return Event(JsonSerializer.SerializeToUtf8Bytes(connection.Current, ViewerJsonContext.Default.ConnectionStatus), StatusEvent);
                }

                if (catalog.Version is var currentModel && currentModel != modelVersion)
                {
                    modelVersion = currentModel;
                    yield return Event(JsonSerializer.SerializeToUtf8Bytes(catalog.Current, ViewerJsonContext.Default.ModelCatalogView), ModelEvent);
                }

                var delta = view.DeltaSince(sequence);
                var changed = delta.Sequence != sequence || delta.Counters != lastCounters;
                if (changed || time.GetElapsedTime(lastSent) >= Heartbeat)
                {
                    sequence = delta.Sequence;
                    lastCounters = delta.Counters;
                    lastSent = time.GetTimestamp();
                    yield return Event(JsonSerializer.SerializeToUtf8Bytes(delta, ViewerJsonContext.Default.ViewDelta), DeltaEvent);
                }
            }
        }
        finally
        {
            metrics.ClientDisconnected();
        }
    }

    private static SseItem<byte[]> Event(byte[] json, string type) => new(json, type);

    private static async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false; // the browser left or the application is stopping
        }
    }
}
