using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// Scores feature vectors with one trained detector. Immutable and thread-safe: share one instance across consumer
/// threads and swap the reference atomically when a new model is promoted.
/// </summary>
public sealed class AnomalyScorer
{
    /// <summary>
    /// Scores are capped here so an impossible reading (e.g. NaN arithmetic) still serializes as a number; high, so that
    /// a sensor whose routine bursts score in the thousands still gets a threshold above them, not at the cap.
    /// </summary>
    public const double MaxScore = 1e6;

    private readonly TreeEnsembleRegressor _model;

    private AnomalyScorer(TreeEnsembleRegressor model, ScoringParameters parameters, string version)
    {
        Validate(parameters.Pooled, "pooled");
        foreach (var (sensor, profile) in parameters.Sensors)
        {
            Validate(profile, sensor);
        }

        _model = model;
        Parameters = parameters;
        Version = version;
    }

    public ScoringParameters Parameters { get; }

    /// <summary>The model version (e.g. <c>v0003</c>); empty for a detector not yet packaged.</summary>
    public string Version { get; }

    /// <summary>Verifies the package (hash, feature schema) and loads it. Throws <see cref="InvalidModelPackageException"/> when refused.</summary>
    public static AnomalyScorer Load(ModelPackage package)
    {
        ModelPackageVerifier.Verify(package);
        var metadata = package.Metadata;
        try
        {
            return Create(package.ModelZip, metadata.Scoring, metadata.Version);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new InvalidModelPackageException($"Model {metadata.Version} could not be loaded: {ex.Message}", ex);
        }
    }

    /// <summary>Loads an ML.NET model zip produced by <see cref="DetectorTrainer"/>.</summary>
    public static AnomalyScorer Create(byte[] modelZip, ScoringParameters parameters, string version = "") =>
        new(PowerModel.Compile(modelZip), parameters, version);

    internal static AnomalyScorer FromCompiled(TreeEnsembleRegressor model, ScoringParameters parameters, string version = "") =>
        new(model, parameters, version);

    /// <summary>What the regression alone predicts, in W, whatever the conditions.</summary>
    public double PredictModelPower(in FeatureVector features) =>
        PowerModel.ExpectedPower(features, _model.Predict(features.Values));

    /// <summary>The detector's expectation, in W: the regression's in the conditions it was trained on, else the sensor's course.</summary>
    public double PredictExpectedPower(in FeatureVector features) =>
        TrainingConditions.ExpectedPower(_model, Parameters.Conditions, features).Expected;

    public AnomalyScore Score(in FeatureVector features, double actualPower)
    {
        var (expected, novel) = TrainingConditions.ExpectedPower(_model, Parameters.Conditions, features);
        var profile = Parameters.For(features.SensorId);
        var (expectation, repeat) = DetectorSignals.Of(features, actualPower, expected, novel, profile.Step).Surprises(profile);
        // Cold readings (window not yet full) are scored but never flagged: their features are not those of steady state.
        // A threshold at the cap means normal readings reached it: a capped score then tells nothing they did not.
        // In novel conditions what rests on the expectation is judged on the wider novel threshold; a repeat run does not
        // depend on it and keeps the sensor's own threshold.
        var severity = !features.IsWarm ? 0 : Math.Max(
            Relative(expectation, novel ? profile.NovelThreshold : profile.Threshold),
            Relative(repeat, profile.Threshold));
        return new AnomalyScore(expected, Math.Max(expectation, repeat), severity >= 1, severity);
    }

    private static double Relative(double score, double threshold) => threshold < MaxScore ? score / threshold : 0;

    private static void Validate(SensorProfile profile, string name)
    {
        if (!double.IsFinite(profile.Threshold) || !(double.IsFinite(profile.NovelThreshold) && profile.NovelThreshold > 0) || profile.RepeatSurvival.Count != RepeatRuns.MaxRun + 1
            || !(profile.Point.Scale > 0 && profile.PointLocal.Scale > 0 && profile.Shift.Scale > 0 && profile.ShiftLocal.Scale > 0)
            || !(profile.NovelPoint.Scale > 0 && profile.NovelPointLocal.Scale > 0))
        {
            throw new ArgumentException($"Invalid scoring profile for {name}: {profile}.");
        }
    }
}
