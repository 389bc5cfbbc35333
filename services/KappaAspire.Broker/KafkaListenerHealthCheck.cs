using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KappaAspire.Broker;

/// <summary>Ready once the logs are recovered and Kestrel has started the Kafka listener.</summary>
internal sealed class KafkaListenerHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
            ? HealthCheckResult.Healthy("Accepting Kafka clients.")
            : HealthCheckResult.Unhealthy("Starting."));
}
