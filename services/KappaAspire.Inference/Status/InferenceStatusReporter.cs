using KappaAspire.Inference.Models;
using KappaAspire.Inference.Monitoring;
using KappaAspire.Inference.Scoring;
using KappaAspire.Inference.Services;
using KappaAspire.Inference.Telemetry;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Status;

/// <summary>Assembles <see cref="InferenceStatus"/> from the live parts of the service.</summary>
internal sealed class InferenceStatusReporter(
    ServingModel model,
    ModelSubscriptionService subscription,
    PartitionAssignments assignments,
    InferenceMetrics metrics,
    ServingModelQuality quality,
    OutputHandover handover,
    IOptions<InferenceOptions> options)
{
    public InferenceStatus Report()
    {
        var current = model.Current;
        var live = quality.Snapshot();
        var channel = subscription.Status;
        var partitions = new List<PartitionStatus>();
        foreach (var state in assignments.Snapshot)
        {
            partitions.Add(new PartitionStatus(
                state.Partition,
                state.Committed,
                state.Progress.SafePosition,
                state.Progress.InFlightCount,
                state.Store.Count,
                state.Warmup.Records,
                state.Warmup.IncompleteSensors));
        }

        return new InferenceStatus(
            options.Value.ConsumerGroup,
            options.Value.InputTopic,
            assignments.IsConsuming,
            handover.StandingByFor?.Model,
            current is null ? null : new ModelStatus(
                current.Version,
                current.Metadata.CreatedAt,
                current.LoadedAt,
                current.Metadata.FeatureSchemaVersion,
                current.Metadata.Scoring.Pooled.Threshold,
                current.Metadata.Scoring.Sensors.Count,
                current.Metadata.Sha256,
                current.Metadata.Metrics,
                live is { } snapshot && snapshot.Version == current.Version ? snapshot.Quality : null),
            new ModelChannelStatus(subscription.Address, channel.State.ToString(), channel.Problem, channel.Since),
            partitions,
            metrics.Totals());
    }
}
