namespace Aspire.Hosting;

/// <summary>
/// How <see cref="KafkaBuilderExtensions.AddKafka"/> provides Kafka, chosen by the configuration setting
/// <c>Kafka:Mode</c> (<c>embedded</c>, <c>container</c> or <c>external</c>; case-insensitive).
/// </summary>
public enum KafkaMode
{
    /// <summary>
    /// The default: runs <c>services/KappaAspire.Broker</c>, the embedded Kafka-protocol broker, as a project resource.
    /// Its log lives in a directory that survives AppHost restarts.
    /// </summary>
    Embedded,

    /// <summary>Runs Apache Kafka in KRaft mode in a container (needs a container runtime).</summary>
    Container,

    /// <summary>Uses an existing cluster whose bootstrap servers are the connection string <c>ConnectionStrings:{name}</c>.</summary>
    External,
}
