using System.Collections.Concurrent;

namespace KappaAspire.IntegrationTests.Otlp;

/// <summary>A span as received, with the service (OTel <c>service.name</c>) that exported it.</summary>
public sealed record ReceivedSpan(string Service, string TraceId, string SpanId, string ParentSpanId, string Name);

/// <summary>What the services exported to the test's OTLP endpoint: spans by trace id, metric names by service.</summary>
public sealed class ReceivedTelemetry
{
    // Every reading starts a trace; keep the newest ones only so a long run cannot exhaust memory.
    private const int MaxTraces = 200_000;

    // Spans by id within each trace: OTLP export is at-least-once (an exporter whose call timed out sends the batch
    // again), so the same span can arrive twice and must count once.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, ReceivedSpan>> _traces = new();
    private readonly ConcurrentQueue<string> _traceOrder = new();
    private readonly ConcurrentDictionary<(string Service, string Metric), byte> _metrics = new();

    public void Add(ReceivedSpan span)
    {
        var spans = _traces.GetOrAdd(span.TraceId, id =>
        {
            _traceOrder.Enqueue(id);
            return new ConcurrentDictionary<string, ReceivedSpan>();
        });
        spans.TryAdd(span.SpanId, span);
        while (_traceOrder.Count > MaxTraces && _traceOrder.TryDequeue(out var oldest)) _traces.TryRemove(oldest, out _);
    }

    public void AddMetric(string service, string name) => _metrics.TryAdd((service, name), 0);

    public IReadOnlyList<ReceivedSpan> Trace(string traceId) =>
        _traces.TryGetValue(traceId, out var spans) ? [.. spans.Values] : [];

    public IReadOnlySet<string> MetricNames(string service) =>
        _metrics.Keys.Where(k => k.Service == service).Select(k => k.Metric).ToHashSet();

    public IReadOnlySet<string> Services => _metrics.Keys.Select(k => k.Service).ToHashSet();
}
