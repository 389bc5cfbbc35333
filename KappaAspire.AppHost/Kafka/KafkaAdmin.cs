using Confluent.Kafka;
using KappaAspire.ServiceDefaults.Kafka;
using Microsoft.Extensions.Logging;

namespace KappaAspire.AppHost.Kafka;

/// <summary>Short-lived admin clients for the AppHost's own requests (health check, topic creation).</summary>
internal static class KafkaAdmin
{
    /// <summary>
    /// Creates an admin client from a Kafka connection string: either bootstrap servers (<c>host:port[,host:port]</c>) or
    /// <c>Key=Value</c> pairs among <c>BootstrapServers</c>, <c>SecurityProtocol</c>, <c>SaslMechanism</c>,
    /// <c>SaslUsername</c>, <c>SaslPassword</c> — the forms Aspire's Kafka client integration accepts.
    /// librdkafka's own log goes to <paramref name="logger"/> at debug level: a broker that is still starting is expected.
    /// </summary>
    public static IAdminClient Create(string connectionString, ILogger logger)
    {
        var config = new AdminClientConfig
        {
            ClientId = "kappa-apphost",
            SocketConnectionSetupTimeoutMs = 3_000,
            ReconnectBackoffMaxMs = 1_000,
        };
        Apply(connectionString, config);

        return new AdminClientBuilder(config)
            .SetLogHandler((_, message) => logger.LogDebug("librdkafka {Facility}: {Message}", message.Facility, message.Message))
            .SetErrorHandler((_, error) => logger.LogDebug("librdkafka error {Code}: {Reason}", error.Code, error.Reason))
            .Build();
    }

    /// <inheritdoc cref="KafkaConnectionString.Apply"/>
    internal static void Apply(string connectionString, ClientConfig config) => KafkaConnectionString.Apply(connectionString, config);
}
