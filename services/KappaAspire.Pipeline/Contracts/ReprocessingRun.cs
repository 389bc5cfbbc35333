using System.Text.Json.Serialization;

namespace KappaAspire.Pipeline.Contracts;

/// <summary>Where a reprocessing run stands. Only the trainer writes the control log, so these are its decisions.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReprocessingState>))]
public enum ReprocessingState
{
    /// <summary>Asked for: its output topic exists; a reprocessor scores into it.</summary>
    [JsonStringEnumMemberName("requested")] Requested,

    /// <summary>Its consumer group has committed progress.</summary>
    [JsonStringEnumMemberName("running")] Running,

    /// <summary>The current output: readers take predictions from its topic. It keeps scoring live readings.</summary>
    [JsonStringEnumMemberName("current")] Current,

    /// <summary>Replaced by a newer current run (or stopped): no longer scored; its topic goes after a grace period.</summary>
    [JsonStringEnumMemberName("retired")] Retired,
}

/// <summary>
/// One record of <see cref="Topics.Reprocessing"/> (key = <see cref="Model"/>): the whole state of a run, the last record
/// per key wins. A run scores <see cref="Topics.RawData"/> from its earliest offset with exactly <see cref="Model"/>.
/// </summary>
/// <param name="Model">Model version the run scores with, e.g. <c>v0007</c>.</param>
/// <param name="OutputTopic">Where its predictions go (<see cref="Topics.PredictionsOf"/>).</param>
/// <param name="ConsumerGroup">Its own consumer group, whose committed offsets are its progress.</param>
/// <param name="State">Where it stands.</param>
/// <param name="RequestedAt">When the operator asked for it.</param>
/// <param name="UpdatedAt">When this record was written.</param>
/// <param name="CurrentSince">When it was made the current output, if it was.</param>
/// <param name="RetiredAt">When it was retired, if it was.</param>
/// <param name="TopicDeletedAt">When its topic was deleted after the grace period, if it was.</param>
public sealed record ReprocessingRun(
    string Model,
    string OutputTopic,
    string ConsumerGroup,
    ReprocessingState State,
    DateTimeOffset RequestedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CurrentSince = null,
    DateTimeOffset? RetiredAt = null,
    DateTimeOffset? TopicDeletedAt = null)
{
    /// <summary>Scored by a reprocessor: every state but retired.</summary>
    [JsonIgnore]
    public bool IsActive => State != ReprocessingState.Retired;

    /// <summary>A new run of <paramref name="model"/>, named after it.</summary>
    public static ReprocessingRun Request(string model, DateTimeOffset now) =>
        new(model, Topics.PredictionsOf(model), $"reprocessing.{model}", ReprocessingState.Requested, now, now);
}
