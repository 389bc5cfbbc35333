using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model.Monitoring;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference;

/// <summary>Settings of the scoring stream, bound from the <c>Inference</c> section.</summary>
public sealed class InferenceOptions
{
    public const string SectionName = "Inference";

    /// <summary>Consumer group shared by every replica; Kafka splits the partitions among its members.</summary>
    public string ConsumerGroup { get; set; } = "inference";

    /// <summary>Readings to score. The topic names are settings so a Kappa reprocessing run (a second deployment
    /// with its own group) can replay the log into a separate predictions topic next to the live one.</summary>
    public string InputTopic { get; set; } = Topics.RawData;

    public string PredictionsTopic { get; set; } = Topics.Predictions;

    public string DeadLetterTopic { get; set; } = Topics.DeadLetter;

    /// <summary>The control log of reprocessing runs: while one is the current output, live inference stands by.</summary>
    public string ControlTopic { get; set; } = Topics.Reprocessing;

    /// <summary>
    /// A model version to serve exactly (fetched with <c>GetModel</c>), never following promotions: a reprocessing run
    /// scores the whole log with the one model it was started with. Null: serve the promoted model (<c>WatchModels</c>).
    /// </summary>
    public string? Model { get; set; }

    /// <summary>
    /// How many records before the committed position of a newly assigned partition are read back to rebuild the
    /// per-sensor feature state (K). Exact as long as every sensor of the partition has at least
    /// <see cref="FeatureSchema.WarmupWindow"/> readings among them: K ≥ sensors per partition × 32, e.g. 2000 covers
    /// about 60 sensors per partition with evenly interleaved readings.
    /// </summary>
    public int WarmupRecords { get; set; } = 2000;

    /// <summary>Longest time one partition's warm-up may take before scoring starts with what was read.</summary>
    public TimeSpan WarmupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often acknowledged progress is committed.</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Predictions of the model in service the rolling precision/recall and the drift (PSI) look back over.</summary>
    public int MonitorWindow { get; set; } = LiveQualityMonitor.DefaultWindow;

    /// <summary>Predictions the window must hold before a PSI is reported.</summary>
    public int DriftMinimumReadings { get; set; } = LiveQualityMonitor.DefaultMinimumReadings;

    /// <summary>Longest wait for in-flight predictions to be acknowledged when partitions are revoked or the service stops.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        List<string>? failures = null;
        void Fail(string message) => (failures ??= []).Add(message);

        if (string.IsNullOrWhiteSpace(options.ConsumerGroup)) Fail("Inference:ConsumerGroup must not be empty.");
        if (string.IsNullOrWhiteSpace(options.InputTopic)) Fail("Inference:InputTopic must not be empty.");
        if (string.IsNullOrWhiteSpace(options.PredictionsTopic)) Fail("Inference:PredictionsTopic must not be empty.");
        if (string.IsNullOrWhiteSpace(options.DeadLetterTopic)) Fail("Inference:DeadLetterTopic must not be empty.");
        if (string.IsNullOrWhiteSpace(options.ControlTopic)) Fail("Inference:ControlTopic must name the control log of reprocessing runs.");
        if (options.Model is { } model && string.IsNullOrWhiteSpace(model)) Fail("Inference:Model must name a version (e.g. v0007) or be left unset.");
        if (options.WarmupRecords < 0) Fail($"Inference:WarmupRecords must be 0 or more (got {options.WarmupRecords}).");
        if (options.WarmupTimeout <= TimeSpan.Zero) Fail("Inference:WarmupTimeout must be positive.");
        if (options.CommitInterval <= TimeSpan.Zero) Fail("Inference:CommitInterval must be positive.");
        if (options.FlushTimeout <= TimeSpan.Zero) Fail("Inference:FlushTimeout must be positive.");
        if (options.MonitorWindow < 10) Fail($"Inference:MonitorWindow must be at least 10 (got {options.MonitorWindow}).");
        if (options.DriftMinimumReadings < 1 || options.DriftMinimumReadings > options.MonitorWindow)
            Fail($"Inference:DriftMinimumReadings must be between 1 and Inference:MonitorWindow ({options.MonitorWindow}), not {options.DriftMinimumReadings}.");
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
