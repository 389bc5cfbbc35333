using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Model.Monitoring;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Viewer.View;

/// <summary>What the page knows of the trainer's models.</summary>
/// <param name="State"><c>available</c>, <c>unavailable</c> (the trainer did not answer) or <c>disabled</c> (no trainer configured).</param>
/// <param name="Promoted">The version the trainer promoted (the one inference should be serving).</param>
/// <param name="Models">The most recent versions, newest first.</param>
/// <param name="Error">Why the catalog is unavailable.</param>
/// <param name="CheckedAt">When the trainer was last asked.</param>
public sealed record ModelCatalogView(string State, string? Promoted, IReadOnlyList<TrainerModel> Models, string? Error, DateTimeOffset? CheckedAt)
{
    public const string Available = "available";
    public const string Unavailable = "unavailable";
    public const string Disabled = "disabled";
}

/// <summary>The body of the trainer's <c>GET /models</c>: every version, newest first, and the promoted one.</summary>
public sealed record TrainerModelList(string? Promoted, IReadOnlyList<TrainerModel>? Models);

/// <summary>One version as the trainer's <c>GET /models</c> lists it (the fields the page shows).</summary>
/// <param name="Version">e.g. <c>v0003</c>.</param>
/// <param name="CreatedAt">When it was trained.</param>
/// <param name="IsPromoted">Whether it is the promoted version.</param>
/// <param name="Metrics">Holdout evaluation.</param>
/// <param name="TrainingRanges">The training window: offsets of <c>iot_raw_data</c> per partition (inclusive).</param>
/// <param name="FeatureSchemaVersion">Feature schema it was trained with.</param>
/// <param name="Decision">The promotion policy's reason, when the trainer recorded one.</param>
/// <param name="ScoreReference">Its holdout score distribution: what its live scores are compared with (drift); null for older packages.</param>
public sealed record TrainerModel(
    string Version,
    DateTimeOffset? CreatedAt,
    bool IsPromoted,
    EvaluationMetrics? Metrics,
    IReadOnlyList<OffsetRange>? TrainingRanges,
    int? FeatureSchemaVersion,
    string? Decision,
    ScoreReference? ScoreReference = null);
