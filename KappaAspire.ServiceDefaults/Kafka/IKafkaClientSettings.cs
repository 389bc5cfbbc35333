using Confluent.Kafka;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>What producer and consumer settings have in common, so binding and validation are written once.</summary>
internal interface IKafkaClientSettings
{
    string? ConnectionString { get; set; }
    ClientConfig Config { get; }
    bool DisableHealthChecks { get; }
    bool DisableMetrics { get; }
    bool DisableTracing { get; }
    TimeSpan HealthCheckTimeout { get; }
}
