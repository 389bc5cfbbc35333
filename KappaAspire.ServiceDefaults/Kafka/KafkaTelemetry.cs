using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>
/// Owns the <c>KappaAspire.Kafka</c> activity source and the W3C propagator that carries trace context in Kafka
/// message headers, so one trace runs producer → inference → viewer.
/// </summary>
/// <remarks>
/// Both start methods cost nothing beyond a flag check when no one listens to <see cref="ActivitySource"/>.
/// Services normally use the extension methods in <c>KafkaTracingExtensions</c> rather than these.
/// </remarks>
public static class KafkaTelemetry
{
    /// <summary>Name of the <see cref="ActivitySource"/> (covered by the <c>KappaAspire.*</c> wildcard in service defaults).</summary>
    public const string ActivitySourceName = "KappaAspire.Kafka";

    /// <summary>Name of every Kafka meter: librdkafka statistics and the publish/process duration histograms.</summary>
    public const string MeterName = "KappaAspire.Kafka";

    private static readonly string? Version = typeof(KafkaTelemetry).Assembly.GetName().Version?.ToString();

    // Used when the OpenTelemetry SDK has not set Propagators.DefaultTextMapPropagator (it is a no-op until then),
    // so headers still carry context in tools and tests that only use an ActivityListener.
    private static readonly TextMapPropagator FallbackPropagator =
        new CompositeTextMapPropagator([new TraceContextPropagator(), new BaggagePropagator()]);

    // Partition ids are tagged as strings (semantic conventions); the first few are cached so tagging does not allocate.
    private static readonly string[] SmallPartitionIds =
        [.. Enumerable.Range(0, 32).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    // Span names per topic, built once: every message of a stream starts one of these spans.
    private static readonly ConcurrentDictionary<string, string> PublishSpanNames = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> ProcessSpanNames = new(StringComparer.Ordinal);

    private static readonly Meter DurationMeter = new(MeterName, Version);

    // Semantic-convention buckets for durations in seconds; the SDK defaults are sized for milliseconds.
    private static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
    };

    /// <summary>The source of the <c>{topic} publish</c> and <c>{topic} process</c> spans.</summary>
    public static ActivitySource ActivitySource { get; } = new(ActivitySourceName, Version);

    /// <summary>
    /// The propagator used for Kafka headers: OpenTelemetry's default (TraceContext + Baggage once the SDK is configured),
    /// or an equivalent W3C composite when the default is still the no-op.
    /// </summary>
    public static TextMapPropagator Propagator =>
        Propagators.DefaultTextMapPropagator is { Fields.Count: > 0 } configured ? configured : FallbackPropagator;

    /// <summary>Time from handing a message to the producer until the broker acknowledged it (seconds).</summary>
    internal static Histogram<double> PublishDuration { get; } = DurationMeter.CreateHistogram(
        "messaging.client.operation.duration", unit: "s",
        description: "Duration of Kafka publish operations, from produce to broker acknowledgement.",
        tags: null, advice: DurationAdvice);

    /// <summary>Time the application spent processing one consumed message (seconds).</summary>
    internal static Histogram<double> ProcessDuration { get; } = DurationMeter.CreateHistogram(
        "messaging.process.duration", unit: "s",
        description: "Duration of processing one consumed Kafka message.",
        tags: null, advice: DurationAdvice);

    /// <summary>
    /// Starts a Producer span <c>{topic} publish</c> (child of <see cref="Activity.Current"/>) and writes the current trace
    /// context and baggage into <paramref name="message"/>'s headers, replacing any previous trace headers.
    /// </summary>
    /// <returns>The started span, or <see langword="null"/> when no one listens; dispose it once the broker acknowledged.</returns>
    /// <remarks>Without a listener the ambient <see cref="Activity.Current"/> context (if any) is still propagated.</remarks>
    public static Activity? StartPublish<TKey, TValue>(string topic, Message<TKey, TValue> message)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(message);

        var activity = ActivitySource.HasListeners()
            ? ActivitySource.StartActivity(PublishSpanNames.GetOrAdd(topic, t => $"{t} publish"), ActivityKind.Producer)
            : null;

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SemanticConventions.System, SemanticConventions.Kafka);
            activity.SetTag(SemanticConventions.DestinationName, topic);
            activity.SetTag(SemanticConventions.OperationName, SemanticConventions.Publish);
            activity.SetTag(SemanticConventions.OperationType, SemanticConventions.Publish);
            if (message.Key is string key)
            {
                activity.SetTag(SemanticConventions.MessageKey, key);
            }
        }

        var context = activity?.Context ?? Activity.Current?.Context ?? default;
        Inject(context, message);
        return activity;
    }

    /// <summary>
    /// Extracts the trace context from <paramref name="result"/>'s headers and starts a Consumer span, by default
    /// <c>{topic} process</c>, as its child; the extracted baggage becomes <see cref="Baggage.Current"/>.
    /// </summary>
    /// <param name="result">The consumed message.</param>
    /// <param name="activityName">Span name; <see langword="null"/> for <c>{topic} process</c>.</param>
    /// <param name="consumerGroup">The consumer group, tagged as <c>messaging.consumer.group.name</c> when given.</param>
    /// <returns>The started span, or <see langword="null"/> when no one listens; dispose it when processing ends.</returns>
    public static Activity? StartProcess<TKey, TValue>(
        ConsumeResult<TKey, TValue> result, string? activityName = null, string? consumerGroup = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var parent = Propagator.Extract(default, result.Message?.Headers, ReadHeader);
        if (parent.Baggage.Count > 0 || Baggage.Current.Count > 0)
        {
            Baggage.Current = parent.Baggage; // an AsyncLocal write: skipped when there is no baggage either way
        }

        var activity = ActivitySource.StartActivity(
            activityName ?? ProcessSpanNames.GetOrAdd(result.Topic, t => $"{t} process"), ActivityKind.Consumer, parent.ActivityContext);

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SemanticConventions.System, SemanticConventions.Kafka);
            activity.SetTag(SemanticConventions.DestinationName, result.Topic);
            activity.SetTag(SemanticConventions.OperationName, SemanticConventions.Process);
            activity.SetTag(SemanticConventions.OperationType, SemanticConventions.Process);
            activity.SetTag(SemanticConventions.PartitionId, PartitionId(result.Partition.Value));
            activity.SetTag(SemanticConventions.Offset, result.Offset.Value);
            if (consumerGroup is not null)
            {
                activity.SetTag(SemanticConventions.ConsumerGroup, consumerGroup);
            }
            if (result.Message is { Key: string key })
            {
                activity.SetTag(SemanticConventions.MessageKey, key);
            }
        }
        return activity;
    }

    internal static string PartitionId(int partition) =>
        (uint)partition < (uint)SmallPartitionIds.Length
            ? SmallPartitionIds[partition]
            : partition.ToString(CultureInfo.InvariantCulture);

    private static void Inject<TKey, TValue>(ActivityContext context, Message<TKey, TValue> message)
    {
        var baggage = Baggage.Current;
        if (context == default && baggage.Count == 0)
        {
            return; // Nothing to propagate: leave the headers alone.
        }

        var propagator = Propagator;
        var headers = message.Headers ??= [];

        // A message republished (retry, dead-letter) still carries the previous hop's headers; drop every field this
        // propagator owns so no stale tracestate or baggage survives, then write each once.
        if (propagator.Fields is { } fields)
        {
            foreach (var field in fields)
            {
                headers.Remove(field);
            }
        }
        propagator.Inject(new PropagationContext(context, baggage), headers, WriteHeader);
    }

    private static void WriteHeader(Headers headers, string key, string value)
    {
        // Kafka headers allow duplicate keys, and the W3C parser rejects a repeated traceparent: replace, never append.
        headers.Remove(key);
        headers.Add(key, Encoding.UTF8.GetBytes(value));
    }

    private static IEnumerable<string> ReadHeader(Headers? headers, string key)
    {
        if (headers is null)
        {
            return [];
        }

        // Trace headers occur once (WriteHeader replaces), so the common answer is a single value.
        string? first = null;
        List<string>? more = null;
        foreach (var header in headers)
        {
            if (string.Equals(header.Key, key, StringComparison.Ordinal) && header.GetValueBytes() is { } bytes)
            {
                var value = Encoding.UTF8.GetString(bytes);
                if (first is null)
                {
                    first = value;
                }
                else
                {
                    (more ??= [first]).Add(value);
                }
            }
        }
        return more ?? (first is null ? [] : [first]);
    }

    /// <summary>OpenTelemetry messaging semantic-convention names used on spans and metrics.</summary>
    internal static class SemanticConventions
    {
        public const string System = "messaging.system";
        public const string Kafka = "kafka";
        public const string DestinationName = "messaging.destination.name";
        public const string PartitionId = "messaging.destination.partition.id";
        public const string OperationName = "messaging.operation.name";
        public const string OperationType = "messaging.operation.type";
        public const string ConsumerGroup = "messaging.consumer.group.name";
        public const string Offset = "messaging.kafka.offset";
        public const string MessageKey = "messaging.kafka.message.key";
        public const string ClientId = "messaging.client.id";
        public const string ErrorType = "error.type";
        public const string Publish = "publish";
        public const string Process = "process";
    }
}
