using Confluent.Kafka;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>
/// Settings for a Kafka producer registered with
/// <see cref="Microsoft.Extensions.Hosting.KafkaProducerExtensions.AddKafkaProducer{TKey, TValue}(Microsoft.Extensions.Hosting.IHostApplicationBuilder, string, Action{KafkaProducerSettings}?, Action{IServiceProvider, ProducerBuilder{TKey, TValue}}?)"/>.
/// </summary>
/// <remarks>
/// Bound, in order, from <c>Aspire:Confluent:Kafka:Producer</c>, <c>Aspire:Confluent:Kafka:Producer:{connectionName}</c>,
/// <c>ConnectionStrings:{connectionName}</c> and finally the <c>configureSettings</c> delegate.
/// </remarks>
public sealed class KafkaProducerSettings : IKafkaClientSettings
{
    /// <summary>Bootstrap servers (<c>host:port</c> or a comma-separated list); when set it becomes <see cref="ClientConfig.BootstrapServers"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The librdkafka producer configuration, bound from the <c>Config</c> subsection (e.g. <c>Config:Acks=All</c> or <c>Config:linger.ms=5</c>).</summary>
    public ProducerConfig Config { get; } = new();

    /// <summary>Skips the <c>kafka-producer-{name}</c> health check. Default <see langword="false"/>.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Skips librdkafka statistics and the <c>KappaAspire.Kafka</c> metrics. Default <see langword="false"/>.</summary>
    public bool DisableMetrics { get; set; }

    /// <summary>Makes the tracing helpers (<c>ProduceTracedAsync</c>, …) skip spans and header propagation for this producer. Default <see langword="false"/>.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>How long the health check waits for the cluster's metadata before reporting unhealthy. Default 5 seconds.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = KafkaSettingsBinder.DefaultHealthCheckTimeout;

    ClientConfig IKafkaClientSettings.Config => Config;
}
