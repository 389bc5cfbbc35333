using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Trainer.Api;

/// <summary>A registered model as <c>GET /models</c> lists it.</summary>
public sealed record ModelSummary(
    string Version,
    DateTimeOffset CreatedAt,
    bool IsPromoted,
    EvaluationMetrics Metrics,
    IReadOnlyList<OffsetRange> TrainingRanges,
    int FeatureSchemaVersion,
    string Sha256,
    long SizeBytes,
    string? Decision,
    DetectorTrainingOptions? TrainingSettings);

/// <summary>The body of <c>GET /models</c> and of promote/rollback: every version, newest first, and the promoted one.</summary>
public sealed record ModelList(string? Promoted, IReadOnlyList<ModelSummary> Models);
