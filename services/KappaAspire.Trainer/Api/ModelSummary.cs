using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Model.Monitoring;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Trainer.Api;

/// <summary>A registered model as <c>GET /models</c> lists it.</summary>
/// <param name="ScoreReference">Its holdout score distribution, against which readers of <c>iot_predictions</c> (the viewer) measure its drift; null for older packages.</param>
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
    DetectorTrainingOptions? TrainingSettings,
    ScoreReference? ScoreReference = null);

/// <summary>The body of <c>GET /models</c> and of promote/rollback: every version, newest first, and the promoted one.</summary>
public sealed record ModelList(string? Promoted, IReadOnlyList<ModelSummary> Models);
