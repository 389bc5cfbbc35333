using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Model.Monitoring;

namespace KappaAspire.Pipeline.Packaging;

/// <summary>Everything about a model except its bytes: identity, provenance, quality and the scoring parameters.</summary>
/// <param name="Version">e.g. <c>v0003</c> (<see cref="ModelVersion"/>).</param>
/// <param name="CreatedAt">When it was trained (UTC).</param>
/// <param name="TrainingRanges">Which log offsets, per partition, it was trained on.</param>
/// <param name="FeatureSchemaVersion">The <see cref="Features.FeatureSchema.Version"/> its features follow.</param>
/// <param name="Metrics">Holdout evaluation.</param>
/// <param name="Scoring">What is normal per sensor and the alarm thresholds (<see cref="ScoringParameters"/>).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the model zip.</param>
/// <param name="TrainingSettings">The detector's hyper-parameters; absent in packages written before they were recorded.</param>
/// <param name="ScoreReference">How its scores are distributed on its holdout, the basis of live drift; absent in packages written before it was recorded (drift is then not measured).</param>
public sealed record ModelMetadata(
    string Version,
    DateTimeOffset CreatedAt,
    IReadOnlyList<OffsetRange> TrainingRanges,
    int FeatureSchemaVersion,
    EvaluationMetrics Metrics,
    ScoringParameters Scoring,
    string Sha256,
    DetectorTrainingOptions? TrainingSettings = null,
    ScoreReference? ScoreReference = null);
