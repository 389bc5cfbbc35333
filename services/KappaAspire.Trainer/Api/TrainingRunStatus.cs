using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Trainer.Api;

/// <summary>One training run as <c>GET /training</c> and <c>POST /train</c> report it.</summary>
/// <param name="Id">Run id (time-ordered).</param>
/// <param name="Trigger">What started it: one of <see cref="TrainingTrigger"/>.</param>
/// <param name="TriggerReason">Why, in a sentence: the setting that scheduled it, or the growth of the log that prompted it.</param>
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
    string? TriggerReason,
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

/// <summary>What starts a run (<see cref="TrainingRunStatus.Trigger"/>, the <c>trigger</c> tag of <c>kappa.trainer.runs</c>).</summary>
public static class TrainingTrigger
{
    /// <summary><c>Trainer:TrainOnStart</c>.</summary>
    public const string Startup = "startup";

    /// <summary>A start-up retry while no model is promoted (<c>Trainer:FirstModelRetryInterval</c>).</summary>
    public const string FirstModel = "first-model";

    /// <summary><c>Trainer:RetrainInterval</c>.</summary>
    public const string Schedule = "schedule";

    /// <summary><c>POST /train</c>.</summary>
    public const string Api = "api";

    /// <summary>The log outgrew the serving model's training window (<c>Trainer:RetrainGrowthFactor</c>).</summary>
    public const string Growth = "growth";

    /// <summary>The serving model's live scores drifted from its training window (<c>Trainer:DriftRetrainThreshold</c>).</summary>
    public const string Drift = "drift";
}

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
/// <param name="Growth">The last comparison of the log with the serving model's training window, if one was made.</param>
/// <param name="Drift">The last drift check of the serving model's live predictions, if one was made.</param>
public sealed record TrainingOverview(TrainingRunStatus? Current, TrainingRunStatus? Last, GrowthCheck? Growth = null, DriftCheck? Drift = null);

/// <summary>One check of the log's growth: the counts compared, and whether (and why or why not) it starts a run.</summary>
/// <param name="CheckedAt">When the watermarks were taken.</param>
/// <param name="ServingVersion">The model whose training window the log was compared with.</param>
/// <param name="ServedRecords">Records of that window (offsets per partition, first to last, summed).</param>
/// <param name="BasisRecords">
/// What the log must outgrow: the served window, or the last run's when larger (a candidate that was not promoted is not
/// trained again on every check).
/// </param>
/// <param name="LogRecords">Records in the log now, low to high watermark: what a run would replay.</param>
/// <param name="NewRecords">Records after the served window.</param>
/// <param name="Retrain">Whether the growth is enough for a run.</param>
/// <param name="Reason">The comparison in a sentence.</param>
public sealed record GrowthCheck(
    DateTimeOffset CheckedAt,
    string ServingVersion,
    long ServedRecords,
    long BasisRecords,
    long LogRecords,
    long NewRecords,
    bool Retrain,
    string Reason);

/// <summary>One check of the serving model's live predictions against its score reference, and whether it starts a run.</summary>
/// <param name="CheckedAt">When the check was made.</param>
/// <param name="ServingVersion">The model whose predictions were compared with its own reference.</param>
/// <param name="Readings">Its predictions in the window the PSI is taken over.</param>
/// <param name="Psi">The population stability index of their scores; null without a reference or below the minimum of readings.</param>
/// <param name="Threshold">PSI from which drift retrains (<c>Trainer:DriftRetrainThreshold</c>).</param>
/// <param name="Retrain">Whether the check starts a run.</param>
/// <param name="Reason">The comparison in a sentence.</param>
public sealed record DriftCheck(
    DateTimeOffset CheckedAt,
    string ServingVersion,
    int Readings,
    double? Psi,
    double Threshold,
    bool Retrain,
    string Reason);
