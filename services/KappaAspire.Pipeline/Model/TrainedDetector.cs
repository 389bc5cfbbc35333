using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model.Monitoring;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Pipeline.Model;

/// <summary>A trained, evaluated detector, not yet versioned.</summary>
/// <param name="ModelZip">The ML.NET FastTree model as saved by ML.NET.</param>
/// <param name="Parameters">What is normal per sensor, and the alarm thresholds.</param>
/// <param name="Metrics">Holdout evaluation.</param>
/// <param name="Settings">The hyper-parameters it was trained with (recorded in the package, so a reprocessed model says how it differs).</param>
/// <param name="ScoreReference">Its scores on the holdout: what live scores are compared with to measure drift.</param>
public sealed record TrainedDetector(byte[] ModelZip, ScoringParameters Parameters, EvaluationMetrics Metrics, DetectorTrainingOptions Settings, ScoreReference? ScoreReference = null)
{
    public AnomalyScorer CreateScorer(string version = "") => AnomalyScorer.Create(ModelZip, Parameters, version);

    /// <summary>Versions the detector into a package ready to store and distribute.</summary>
    /// <param name="version">e.g. <see cref="ModelVersion.Format"/>(3) = <c>v0003</c>.</param>
    /// <param name="createdAt">When the model was trained.</param>
    /// <param name="trainingRanges">Offsets of the log replayed for training, per partition.</param>
    public ModelPackage ToPackage(string version, DateTimeOffset createdAt, IReadOnlyList<OffsetRange> trainingRanges) =>
        new(new ModelMetadata(
                version,
                createdAt,
                trainingRanges,
                FeatureSchema.Version,
                Metrics,
                Parameters,
                ModelPackage.ComputeSha256(ModelZip),
                Settings,
                ScoreReference),
            ModelZip);
}
