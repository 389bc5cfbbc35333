using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Trainer.Api;

/// <summary>One training run as <c>GET /training</c> and <c>POST /train</c> report it.</summary>
/// <param name="Id">Run id (time-ordered).</param>
/// <param name="Trigger"><c>startup</c>, <c>first-model</c> (a start-up retry), <c>schedule</c> or <c>api</c>.</param>
/// <param name="State"><c>running</c> or <c>completed</c>.</param>
/// <param name="Phase"><c>replaying</c>, <c>training</c>, <c>evaluating</c>, <c>storing</c> or <c>done</c>.</param>
/// <param name="Outcome">Set when completed: see <see cref="TrainingOutcome"/>.</param>
/// <param name="Message">What happened, in a sentence (the reason when not promoted, the error when failed).</param>
/// <param name="StartedAt">When the run started.</param>
/// <param name="CompletedAt">When it ended.</param>
/// <param name="DurationSeconds">Wall-clock seconds, once completed.</param>
/// <param name="Replay">The replay: watermarks taken at the start, offsets read, counts and throughput.</param>
/// <param name="Training">Example counts per split and training time, once trained.</param>
/// <param name="Version">Version the candidate was stored as.</param>
/// <param name="Metrics">Candidate's metrics on its holdout.</param>
/// <param name="ServingVersion">Model that was serving when the candidate was evaluated.</param>
/// <param name="ServingMetrics">That model's metrics on the candidate's holdout (what the promotion compares).</param>
/// <param name="Promoted">Whether the candidate was promoted.</param>
/// <param name="Decision">The promotion policy's reason.</param>
public sealed record TrainingRunStatus(
    string Id,
    string Trigger,
    string State,
    string Phase,
    string? Outcome,
    string? Message,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    double? DurationSeconds,
    ReplayStatistics? Replay,
    TrainingStatistics? Training,
    string? Version,
    EvaluationMetrics? Metrics,
    string? ServingVersion,
    EvaluationMetrics? ServingMetrics,
    bool Promoted,
    string? Decision);

/// <summary>A partition's offsets when the run started: the replay reads [<paramref name="Low"/>, <paramref name="High"/>).</summary>
public sealed record PartitionWatermark(int Partition, long Low, long High);

/// <param name="Records">Records read (valid or not) below the start watermarks.</param>
/// <param name="Readings">Records that parsed as valid readings.</param>
/// <param name="InvalidRecords">Records skipped as invalid (inference dead-letters the same records).</param>
/// <param name="WarmReadings">Readings whose sensor had a full feature window: the training examples.</param>
/// <param name="LabeledReadings">Warm readings with ground truth.</param>
/// <param name="DurationSeconds">Replay time: consume, parse and features.</param>
/// <param name="ReadingsPerSecond">Records per second of replay.</param>
/// <param name="Watermarks">Low and high watermarks per partition taken at the start.</param>
/// <param name="Ranges">Offsets actually read per partition (inclusive), as stored in the model package.</param>
public sealed record ReplayStatistics(
    long Records,
    long Readings,
    long InvalidRecords,
    long WarmReadings,
    long LabeledReadings,
    double DurationSeconds,
    double ReadingsPerSecond,
    IReadOnlyList<PartitionWatermark> Watermarks,
    IReadOnlyList<OffsetRange> Ranges);

/// <param name="SensorsCalibrated">Sensors with a profile of their own (the others use the pooled one).</param>
/// <param name="FalseAlarmBudget">The share of normal readings the thresholds were calibrated to flag at most.</param>
public sealed record TrainingStatistics(int TrainingExamples, int ValidationExamples, int HoldoutExamples, double DurationSeconds, int SensorsCalibrated, double FalseAlarmBudget);

/// <summary>Outcomes of a completed run (also the <c>outcome</c> tag of <c>kappa.trainer.runs</c>).</summary>
public static class TrainingOutcome
{
    public const string Promoted = "promoted";
    public const string Rejected = "rejected";
    public const string NotEnoughData = "not_enough_data";
    public const string Failed = "failed";
    public const string Canceled = "canceled";
}

/// <summary>The body of <c>GET /training</c>.</summary>
/// <param name="Current">The run in progress, if any.</param>
/// <param name="Last">The last completed run, if any.</param>
public sealed record TrainingOverview(TrainingRunStatus? Current, TrainingRunStatus? Last);
