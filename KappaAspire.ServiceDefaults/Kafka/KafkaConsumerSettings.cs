using Confluent.Kafka;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>
/// Settings for a Kafka consumer registered with
/// <see cref="Microsoft.Extensions.Hosting.KafkaConsumerExtensions.AddKafkaConsumer{TKey, TValue}(Microsoft.Extensions.Hosting.IHostApplicationBuilder, string, Action{KafkaConsumerSettings}?, Action{IServiceProvider, ConsumerBuilder{TKey, TValue}}?)"/>.
/// </summary>
/// <remarks>
/// Bound, in order, from <c>Aspire:Confluent:Kafka:Consumer</c>, <c>Aspire:Confluent:Kafka:Consumer:{connectionName}</c>,
/// <c>ConnectionStrings:{connectionName}</c> and finally the <c>configureSettings</c> delegate.
/// </remarks>
public sealed class KafkaConsumerSettings : IKafkaClientSettings
{
    /// <summary>Bootstrap servers (<c>host:port</c> or a comma-separated list); when set it becomes <see cref="ClientConfig.BootstrapServers"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The librdkafka consumer configuration, bound from the <c>Config</c> subsection (e.g. <c>Config:GroupId=inference</c>).</summary>
    public ConsumerConfig Config { get; } = new();

    /// <summary>Skips the <c>kafka-consumer-{name}</c> health check. Default <see langword="false"/>.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Skips librdkafka statistics and the <c>KappaAspire.Kafka</c> metrics (including consumer lag). Default <see langword="false"/>.</summary>
    public bool DisableMetrics { get; set; }

    /// <summary>Makes the tracing helpers (<c>StartProcessActivity</c>, …) skip spans for this consumer. Default <see langword="false"/>.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>How long the health check waits for the cluster's metadata before reporting unhealthy. Default 5 seconds.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = KafkaSettingsBinder.DefaultHealthCheckTimeout;

    ClientConfig IKafkaClientSettings.Config => Config;
}
