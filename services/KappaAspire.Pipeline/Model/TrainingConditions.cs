using KappaAspire.Pipeline.Features;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// The conditions the regression was fitted on: the range of temperature, humidity, time of day and sensor level in its
/// training readings. Trees predict a constant beyond what they saw, so a model trained on a cool night has no idea of
/// the afternoon's cooling load; for a reading outside these conditions the detector judges power against the sensor's
/// own recent course instead (<see cref="ExpectedPower"/>), and says so by that expectation.
/// </summary>
/// <param name="Min">Least value per checked feature (<see cref="Checked"/> order).</param>
/// <param name="Max">Greatest value per checked feature.</param>
public sealed record TrainingConditions(IReadOnlyList<float> Min, IReadOnlyList<float> Max)
{
    /// <summary>Features that describe conditions rather than the sensor's recent behaviour.</summary>
    public static readonly int[] Checked = [FeatureSchema.Temperature, FeatureSchema.Humidity, FeatureSchema.HourSin, FeatureSchema.HourCos, FeatureSchema.LogLevel];

    /// <summary>Share of each range allowed beyond its ends before a condition counts as unseen.</summary>
    public const double Margin = 0.05;

    public static TrainingConditions Of(IEnumerable<LabeledExample> examples)
    {
        var min = Enumerable.Repeat(float.PositiveInfinity, Checked.Length).ToArray();
        var max = Enumerable.Repeat(float.NegativeInfinity, Checked.Length).ToArray();
        foreach (var example in examples)
        {
            for (var i = 0; i < Checked.Length; i++)
            {
                var value = example.Features[Checked[i]];
                min[i] = Math.Min(min[i], value);
                max[i] = Math.Max(max[i], value);
            }
        }

        return new TrainingConditions(min, max);
    }

    /// <summary>Whether every condition of <paramref name="features"/> lies within what the model was trained on.</summary>
    public bool Covers(in FeatureVector features)
    {
        for (var i = 0; i < Checked.Length; i++)
        {
            var value = features[Checked[i]];
            var margin = Margin * (Max[i] - Min[i]);
            if (value < Min[i] - margin || value > Max[i] + margin)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The model's expected power where it knows the conditions; elsewhere where the sensor's course was taking it (the
    /// older readings' baseline moved along their trend).
    /// </summary>
    internal static double ExpectedPower(TreeEnsembleRegressor model, TrainingConditions? conditions, in FeatureVector features) =>
        conditions is null || conditions.Covers(features)
            ? PowerModel.ExpectedPower(features, model.Predict(features.Values))
            : features.Context.Baseline + features.Context.Course;
}
