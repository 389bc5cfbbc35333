using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// Scores feature vectors with one trained detector. Immutable and thread-safe: share one instance across consumer
/// threads and swap the reference atomically when a new model is promoted.
/// </summary>
public sealed class AnomalyScorer
{
    /// <summary>Scores are capped here so an exact repeat (infinitely surprising) still serializes as a number.</summary>
    public const double MaxScore = 1000;

    /// <summary>Floor of the power a residual is taken relative to, in W, so an idle sensor does not divide by zero.</summary>
    public const double MinimumReferencePower = 10;

    private readonly TreeEnsembleRegressor _model;

    private AnomalyScorer(TreeEnsembleRegressor model, ScoringParameters parameters, string version)
    {
        if (!(parameters.ResidualScale > 0) || !double.IsFinite(parameters.Threshold) || !double.IsFinite(parameters.ResidualMedian))
        {
            throw new ArgumentException($"Invalid scoring parameters: {parameters}.", nameof(parameters));
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
            return Create(package.ModelZip, new ScoringParameters(metadata.Threshold, metadata.ResidualMedian, metadata.ResidualScale), metadata.Version);
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

    public double PredictExpectedPower(in FeatureVector features) =>
        PowerModel.ExpectedPower(features, _model.Predict(features.Values));

    public AnomalyScore Score(in FeatureVector features, double actualPower)
    {
        var expected = PredictExpectedPower(features);
        var score = Combine(features, actualPower, expected, Parameters);
        // >= so that a quantile threshold landing on capped, tied scores still flags them.
        return new AnomalyScore(expected, score, features.IsWarm && score >= Parameters.Threshold);
    }

    /// <summary>The residual the robust z is taken over: relative to the expected power, because meter noise scales with load.</summary>
    internal static double RelativeResidual(double actualPower, double expectedPower) =>
        (actualPower - expectedPower) / Math.Max(Math.Abs(expectedPower), MinimumReferencePower);

    internal static double Combine(in FeatureVector features, double actualPower, double expectedPower, ScoringParameters parameters)
    {
        var residualZ = Math.Abs(RelativeResidual(actualPower, expectedPower) - parameters.ResidualMedian) / parameters.ResidualScale;
        var flatlineZ = features.History >= 2 ? FlatlineSignal.Score(actualPower, features.PreviousPower, features.TypicalStep) : 0;
        var score = Math.Max(residualZ, flatlineZ);
        return double.IsNaN(score) ? MaxScore : Math.Min(score, MaxScore);
    }
}
