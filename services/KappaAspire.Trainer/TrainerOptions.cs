using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Model;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer;

/// <summary>Replay, training and registry settings, bound from the <c>Trainer</c> section.</summary>
public sealed class TrainerOptions
{
    public const string SectionName = "Trainer";

    /// <summary>The log to replay.</summary>
    public string Topic { get; set; } = Topics.RawData;

    /// <summary>Time between scheduled retrains; <see cref="TimeSpan.Zero"/> disables the schedule.</summary>
    public TimeSpan RetrainInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Retrain as soon as the log holds this many times the records of the serving model's training window, without
    /// waiting for the schedule: a fresh start's first model, trained on the first few thousand readings, is replaced
    /// within about a minute. Records are counted from the partitions' offsets (invalid ones included), so the check costs
    /// a watermark query, not a replay. At least 1; 0 disables growth-triggered retraining.
    /// </summary>
    public double RetrainGrowthFactor { get; set; } = 2;

    /// <summary>Growth retrains only once at least this many records arrived after the serving model's training window.</summary>
    public long RetrainMinimumNewReadings { get; set; } = 1_000;

    /// <summary>
    /// Growth retrains only while the serving model was trained on fewer records than this; above, a larger log adds little
    /// and the schedule alone decides.
    /// </summary>
    public long RetrainGrowthCeiling { get; set; } = 1_000_000;

    /// <summary>How often the log's size is compared with the serving model's training window.</summary>
    public TimeSpan GrowthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Retrain when the serving model's live scores, read back from <see cref="PredictionsTopic"/>, drift this far from the
    /// distribution it produced on its holdout: a population stability index of at least this much (0.25 is the usual
    /// "significant shift"). 0 disables drift-triggered retraining.
    /// </summary>
    public double DriftRetrainThreshold { get; set; } = 0.25;

    /// <summary>Drift is judged only once the window holds at least this many predictions of the serving model.</summary>
    public int DriftMinimumReadings { get; set; } = 2_000;

    /// <summary>Each check reads the last this many records of the predictions topic; the PSI is taken over the serving model's among them.</summary>
    public int DriftWindow { get; set; } = 10_000;

    /// <summary>How often the window is read and its PSI computed.</summary>
    public TimeSpan DriftCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Least time between two drift-triggered runs: a candidate that is not promoted, or drift that outlasts every model,
    /// cannot make the trainer retrain in a loop.
    /// </summary>
    public TimeSpan DriftCooldown { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The predictions the drift watcher reads (from the latest offset, in a consumer group of its own).</summary>
    public string PredictionsTopic { get; set; } = Topics.Predictions;

    /// <summary>Run a training as soon as the service starts.</summary>
    public bool TrainOnStart { get; set; } = true;

    /// <summary>
    /// While no model has been promoted yet, the start-up training is retried this often (a fresh log fills within
    /// seconds, and inference serves nothing until a first model exists); zero disables the retry.
    /// </summary>
    public TimeSpan FirstModelRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Directory of the model registry; relative paths are taken from the content root.</summary>
    public string RegistryPath { get; set; } = Path.Combine(".kappa", "models");

    /// <summary>Below this many warm readings (full feature window) a run ends as "not enough data" instead of training.</summary>
    public int MinimumWarmReadings { get; set; } = 2_000;

    /// <summary>A replay that receives nothing for this long while partitions are unfinished fails instead of hanging.</summary>
    public TimeSpan ReplayStallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for the broker's metadata and watermarks at the start of a replay.</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Detector hyper-parameters (trees, leaves, split fractions …); defaults are <see cref="DetectorTrainingOptions"/>'s.</summary>
    public DetectorTrainingOptions Detector { get; set; } = new();

    /// <summary>How much worse than the serving model a candidate may be and still be promoted.</summary>
    public PromotionSettings Promotion { get; set; } = new();

    /// <summary>Kappa reprocessing runs: the control log, when a run counts as caught up, how long a retired topic stays.</summary>
    public ReprocessingSettings Reprocessing { get; set; } = new();

    public sealed class PromotionSettings
    {
        public double F1Tolerance { get; set; } = 0.01;
        public double MaeRelativeTolerance { get; set; } = 0.05;
    }

    public sealed class ReprocessingSettings
    {
        /// <summary>The control log of runs (one partition, so its order is the order of decisions).</summary>
        public string ControlTopic { get; set; } = Topics.Reprocessing;

        /// <summary>How often each active run's progress is sampled (lag, readings/s).</summary>
        public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>
        /// A run is caught up when its lag is at most this much of input. Committed offsets trail what was scored by up to
        /// the commit interval (1 s) plus batching, so one second alone would rarely be met even by a run keeping pace.
        /// </summary>
        public TimeSpan CaughtUpWindow { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>A retired run's topic is deleted this long after it was retired, so slow readers can finish with it.</summary>
        public TimeSpan RetiredTopicGracePeriod { get; set; } = TimeSpan.FromMinutes(10);
    }
}

/// <summary>Checks <see cref="TrainerOptions"/> at start, naming the configuration key at fault.</summary>
internal sealed class TrainerOptionsValidator : IValidateOptions<TrainerOptions>
{
    public ValidateOptionsResult Validate(string? name, TrainerOptions options)
    {
        var failures = new List<string>();
        const string s = TrainerOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.Topic))
        {
            failures.Add($"{s}:Topic must name the raw-data topic to replay.");
        }

        if (options.FirstModelRetryInterval < TimeSpan.Zero)
        {
            failures.Add($"{s}:FirstModelRetryInterval must be zero (no retry) or positive, not {options.FirstModelRetryInterval}.");
        }

        if (options.RetrainInterval < TimeSpan.Zero)
        {
            failures.Add($"{s}:RetrainInterval must be zero (no schedule) or positive, not {options.RetrainInterval}.");
        }

        if (options.RetrainGrowthFactor != 0 && !(options.RetrainGrowthFactor >= 1))
        {
            failures.Add($"{s}:RetrainGrowthFactor must be 0 (no growth-triggered retraining) or at least 1, not {options.RetrainGrowthFactor}.");
        }

        if (options.RetrainMinimumNewReadings < 1 || options.RetrainGrowthCeiling < 1)
        {
            failures.Add($"{s}:RetrainMinimumNewReadings and {s}:RetrainGrowthCeiling must be at least 1.");
        }

        if (options.GrowthCheckInterval <= TimeSpan.Zero)
        {
            failures.Add($"{s}:GrowthCheckInterval must be positive, not {options.GrowthCheckInterval} (set {s}:RetrainGrowthFactor to 0 to disable growth checks).");
        }

        if (!(options.DriftRetrainThreshold >= 0) || double.IsInfinity(options.DriftRetrainThreshold))
        {
            failures.Add($"{s}:DriftRetrainThreshold must be 0 (no drift-triggered retraining) or a positive PSI such as 0.25, not {options.DriftRetrainThreshold}.");
        }

        if (options.DriftMinimumReadings < 1 || options.DriftWindow < options.DriftMinimumReadings || options.DriftWindow < 10)
        {
            failures.Add($"{s}:DriftMinimumReadings must be at least 1 and {s}:DriftWindow at least that and at least 10 (got {options.DriftMinimumReadings} and {options.DriftWindow}).");
        }

        if (options.DriftCheckInterval <= TimeSpan.Zero || options.DriftCooldown < TimeSpan.Zero)
        {
            failures.Add($"{s}:DriftCheckInterval must be positive and {s}:DriftCooldown zero or positive (set {s}:DriftRetrainThreshold to 0 to disable drift checks).");
        }

        if (string.IsNullOrWhiteSpace(options.PredictionsTopic))
        {
            failures.Add($"{s}:PredictionsTopic must name the predictions topic the drift watcher reads.");
        }

        if (string.IsNullOrWhiteSpace(options.RegistryPath))
        {
            failures.Add($"{s}:RegistryPath must be a directory for the model registry.");
        }

        if (options.MinimumWarmReadings < 1)
        {
            failures.Add($"{s}:MinimumWarmReadings must be at least 1, not {options.MinimumWarmReadings}.");
        }

        if (options.ReplayStallTimeout <= TimeSpan.Zero || options.MetadataTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{s}:ReplayStallTimeout and {s}:MetadataTimeout must be positive.");
        }

        var reprocessing = options.Reprocessing;
        if (string.IsNullOrWhiteSpace(reprocessing.ControlTopic))
        {
            failures.Add($"{s}:Reprocessing:ControlTopic must name the control log of reprocessing runs.");
        }

        if (reprocessing.ProgressInterval <= TimeSpan.Zero || reprocessing.CaughtUpWindow <= TimeSpan.Zero || reprocessing.RetiredTopicGracePeriod < TimeSpan.Zero)
        {
            failures.Add($"{s}:Reprocessing:ProgressInterval and CaughtUpWindow must be positive, RetiredTopicGracePeriod zero or positive.");
        }

        var detector = options.Detector;
        if (detector.ValidationFraction <= 0 || detector.HoldoutFraction <= 0 || detector.ValidationFraction + detector.HoldoutFraction >= 1)
        {
            failures.Add($"{s}:Detector:ValidationFraction and HoldoutFraction must be positive and sum to less than 1.");
        }

        if (detector.NumberOfTrees < 1 || detector.NumberOfLeaves < 2 || detector.MinimumExampleCountPerLeaf < 1 || detector.LearningRate <= 0)
        {
            failures.Add($"{s}:Detector needs NumberOfTrees ≥ 1, NumberOfLeaves ≥ 2, MinimumExampleCountPerLeaf ≥ 1 and LearningRate > 0.");
        }

        if (options.Promotion.F1Tolerance < 0 || options.Promotion.MaeRelativeTolerance < 0)
        {
            failures.Add($"{s}:Promotion tolerances must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
