using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Model.Monitoring;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Pipeline.Catalog;

/// <summary>
/// A registered model as the trainer's <c>GET /models</c> lists it: the one contract of that endpoint, written by the
/// trainer and read by the viewer (and the system tests).
/// </summary>
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
