using KappaAspire.Inference.Models;
using KappaAspire.Inference.Scoring;
using KappaAspire.Inference.Services;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KappaAspire.Inference.Health;

/// <summary>Ready only when a model is loaded and the consume loop runs: before that, a replica scores nothing.</summary>
internal sealed class InferenceReadinessCheck(ServingModel model, PartitionAssignments assignments, OutputHandover handover) : IHealthCheck
{
    public const string Name = "inference";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = model.Current;
        var result = current is null
            ? HealthCheckResult.Unhealthy("No model loaded yet: waiting for the trainer's model channel.")
            : !assignments.IsConsuming
                ? HealthCheckResult.Unhealthy($"Model {current.Version} loaded, but the consumer is not running.")
                : handover.StandingByFor is { } run
                    // Standing by is a decision of the operator, not a fault: the replica is ready to take the output back.
                    ? HealthCheckResult.Healthy($"Standing by on {assignments.Snapshot.Count} partitions: the run of {run.Model} is the current output.")
                    : HealthCheckResult.Healthy($"Scoring with model {current.Version} on {assignments.Snapshot.Count} partitions.");
        return Task.FromResult(result);
    }
}
