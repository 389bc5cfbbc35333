using System.Runtime.CompilerServices;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>What the tracing helpers need to know about a client built by <c>AddKafkaProducer</c>/<c>AddKafkaConsumer</c>.</summary>
/// <param name="TracingEnabled">False when the client's settings disabled tracing.</param>
/// <param name="MetricsEnabled">False when the client's settings disabled metrics.</param>
/// <param name="ConsumerGroup">The consumer's <c>group.id</c>, tagged on process spans.</param>
internal sealed record KafkaClientOptions(bool TracingEnabled, bool MetricsEnabled, string? ConsumerGroup)
{
    /// <summary>Clients built elsewhere get full telemetry.</summary>
    public static KafkaClientOptions Default { get; } = new(true, true, null);
}

/// <summary>
/// Remembers, per client instance, the options it was registered with, so extension methods on
/// <c>IProducer</c>/<c>IConsumer</c> honor <c>DisableTracing</c>/<c>DisableMetrics</c> without a wrapper type.
/// </summary>
internal static class KafkaClientRegistry
{
    // Weak keys: the registry never keeps a disposed client alive.
    private static readonly ConditionalWeakTable<object, KafkaClientOptions> Options = new();

    public static void Register(object client, KafkaClientOptions options) => Options.AddOrUpdate(client, options);

    public static KafkaClientOptions Get(object client) =>
        Options.TryGetValue(client, out var options) ? options : KafkaClientOptions.Default;
}
