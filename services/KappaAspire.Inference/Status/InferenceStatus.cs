using System.Text.Json;
using System.Text.Json.Serialization;
using KappaAspire.Inference.Telemetry;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Model.Monitoring;

namespace KappaAspire.Inference.Status;

/// <summary>What <c>GET /status</c> answers.</summary>
/// <param name="ConsumerGroup">The group this replica belongs to.</param>
/// <param name="InputTopic">The topic it scores.</param>
/// <param name="Consuming">Whether the consume loop runs (it starts after the first model).</param>
/// <param name="StandingByFor">The reprocessing run that is the current output while this replica stands by (writing nothing);
/// null while live inference's topic is the output.</param>
/// <param name="Model">The model in use; null before the first one.</param>
/// <param name="ModelChannel">The subscription to the trainer.</param>
/// <param name="Partitions">The input partitions this replica owns.</param>
/// <param name="Totals">Counts and mean latencies since start.</param>
internal sealed record InferenceStatus(
    string ConsumerGroup,
    string InputTopic,
    bool Consuming,
    string? StandingByFor,
    ModelStatus? Model,
    ModelChannelStatus ModelChannel,
    IReadOnlyList<PartitionStatus> Partitions,
    InferenceTotals Totals);

/// <param name="Version">e.g. <c>v0003</c>.</param>
/// <param name="CreatedAt">When the trainer built it.</param>
/// <param name="LoadedAt">When this replica started serving it.</param>
/// <param name="FeatureSchemaVersion">The feature schema it was trained on.</param>
/// <param name="PooledThreshold">Score from which a reading of a sensor without a profile of its own is an anomaly.</param>
/// <param name="SensorProfiles">Sensors with their own profile and threshold.</param>
/// <param name="Sha256">Hash of the model zip.</param>
/// <param name="Metrics">The trainer's holdout evaluation.</param>
/// <param name="Live">Its live figures on this replica's acknowledged predictions: verdicts against ground truth (all-time and
/// rolling), alarm rate per sensor, drift (PSI); null before its first prediction.</param>
internal sealed record ModelStatus(
    string Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset LoadedAt,
    int FeatureSchemaVersion,
    double PooledThreshold,
    int SensorProfiles,
    string Sha256,
    EvaluationMetrics Metrics,
    LiveQuality? Live);

/// <param name="Address">The trainer's gRPC address.</param>
/// <param name="State">Connecting, Subscribed, Unavailable or Unauthenticated.</param>
/// <param name="Problem">The last error, when not subscribed.</param>
/// <param name="Since">When the state last changed.</param>
internal sealed record ModelChannelStatus(string Address, string State, string? Problem, DateTimeOffset Since);

/// <param name="Partition">Input partition number.</param>
/// <param name="Committed">Offset last committed by this replica (or found committed on assignment); -1 for none.</param>
/// <param name="SafePosition">Offset before which every output is acknowledged: the next commit.</param>
/// <param name="InFlight">Consumed records whose output awaits acknowledgement.</param>
/// <param name="Sensors">Sensors with feature state.</param>
/// <param name="WarmupRecords">Records read back on assignment to rebuild that state.</param>
/// <param name="IncompleteSensors">Sensors whose warm-up found fewer readings than the feature window.</param>
internal sealed record PartitionStatus(
    int Partition,
    long Committed,
    long SafePosition,
    long InFlight,
    int Sensors,
    int WarmupRecords,
    int IncompleteSensors);

/// <summary>Source-generated JSON for the status document (camelCase, like the pipeline's contracts).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InferenceStatus))]
internal sealed partial class InferenceJsonContext : JsonSerializerContext;
