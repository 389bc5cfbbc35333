using KappaAspire.Pipeline.Contracts;
using KappaAspire.Trainer.Reprocessing;

namespace KappaAspire.Trainer.Api;

/// <summary>The body of <c>POST /reprocessing</c>: <c>{"model":"v0007"}</c>.</summary>
internal sealed record ReprocessingRequest(string? Model);

/// <summary><c>GET /reprocessing</c>: where readers take predictions from, and every run (newest first).</summary>
/// <param name="CurrentTopic">The current output: the current run's topic, or live inference's <c>iot_predictions</c>.</param>
/// <param name="Current">Model of the current run, null while live inference's output is current.</param>
/// <param name="Runs">Every run with its progress (active runs, once sampled).</param>
internal sealed record ReprocessingOverview(string CurrentTopic, string? Current, IReadOnlyList<ReprocessingRunStatus> Runs);

/// <summary>A run as recorded in the control log, with its latest progress.</summary>
internal sealed record ReprocessingRunStatus(
    string Model,
    string OutputTopic,
    string ConsumerGroup,
    ReprocessingState State,
    DateTimeOffset RequestedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CurrentSince,
    DateTimeOffset? RetiredAt,
    DateTimeOffset? TopicDeletedAt,
    RunProgress? Progress)
{
    public static ReprocessingRunStatus From(ReprocessingRun run, RunProgress? progress) =>
        new(run.Model, run.OutputTopic, run.ConsumerGroup, run.State, run.RequestedAt, run.UpdatedAt,
            run.CurrentSince, run.RetiredAt, run.TopicDeletedAt, progress);
}
