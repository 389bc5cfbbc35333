using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace KappaAspire.AppHost.Kafka;

/// <summary>Kafka is healthy when a broker answers a metadata request within <see cref="Timeout"/>.</summary>
internal sealed class KafkaHealthCheck(KafkaServerResource kafka, ILogger<KafkaHealthCheck> logger) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await kafka.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Kafka resource '{kafka.Name}' has no connection string yet.");

            // librdkafka's GetMetadata blocks; keep it off the caller's thread.
            var metadata = await Task.Run(() =>
            {
                using var admin = KafkaAdmin.Create(connectionString, logger);
                return admin.GetMetadata(Timeout);
            }, cancellationToken).ConfigureAwait(false);

            return metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy($"{metadata.Brokers.Count} broker(s), {metadata.Topics.Count} topic(s).")
                : new HealthCheckResult(context.Registration.FailureStatus, "The cluster reported no brokers.");
        }
        catch (Exception ex) when (ex is KafkaException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"No metadata from Kafka: {ex.Message}", ex);
        }
    }
}
