using KappaAspire.Pipeline.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// The ML.NET side of the detector: fits the FastTree regression and moves it to and from the zip a package carries.
/// The model predicts a reading's power as an offset from its sensor's recent level, in units of that level;
/// <see cref="ExpectedPower"/> turns it back into watts.
/// </summary>
/// <remarks>
/// Predicting the relative offset, not the absolute power, lets the trees spend their splits on the effect of
/// temperature and time instead of approximating an identity over every sensor's load, and lets a 50 W sensor and a
/// 20 kW one share them. The target is clipped so one burst out of an idle sensor (level near 0) cannot dominate the fit.
/// </remarks>
internal static class PowerModel
{
    internal sealed class Row
    {
        [VectorType(FeatureSchema.Count)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    internal sealed class Output
    {
        public float Score { get; set; }
    }

    private const double MaxTarget = 10;

    public static double Target(in FeatureVector features, double power) =>
        Math.Clamp((power - features.Context.Level) / features.Context.Unit, -MaxTarget, MaxTarget);

    public static double ExpectedPower(in FeatureVector features, double modelOutput) => features.Context.Level + features.Context.Unit * modelOutput;

    /// <summary>Fits the regression and returns the saved ML.NET model.</summary>
    public static byte[] Fit(IEnumerable<LabeledExample> examples, DetectorTrainingOptions options)
    {
        var ml = new MLContext(options.Seed);
        var data = ml.Data.LoadFromEnumerable(examples.Select(e => new Row { Features = e.Features.ToArray(), Label = (float)Target(e.Features, e.Power) }));
        var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = options.NumberOfTrees,
            NumberOfLeaves = options.NumberOfLeaves,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = options.NumberOfThreads,
            Seed = options.Seed,
        });
        var model = trainer.Fit(data);

        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }

    /// <summary>Loads the zip and compiles its ensemble for fast scoring.</summary>
    public static TreeEnsembleRegressor Compile(byte[] modelZip)
    {
        var parameters = Load(new MLContext(), modelZip) switch
        {
            ISingleFeaturePredictionTransformer<FastTreeRegressionModelParameters> single => single.Model,
            TransformerChain<ITransformer> chain when chain.LastTransformer is ISingleFeaturePredictionTransformer<FastTreeRegressionModelParameters> last => last.Model,
            var other => throw new InvalidDataException($"The model is a {other.GetType().Name}, not a FastTree regression."),
        };
        return new TreeEnsembleRegressor(parameters, FeatureSchema.Count);
    }

    /// <summary>ML.NET's own prediction path, kept to check the compiled ensemble against it.</summary>
    internal static PredictionEngine<Row, Output> CreatePredictionEngine(byte[] modelZip)
    {
        var ml = new MLContext();
        return ml.Model.CreatePredictionEngine<Row, Output>(Load(ml, modelZip));
    }

    private static ITransformer Load(MLContext ml, byte[] modelZip)
    {
        using var stream = new MemoryStream(modelZip, writable: false);
        return ml.Model.Load(stream, out _);
    }
}
