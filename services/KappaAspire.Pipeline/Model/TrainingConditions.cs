using KappaAspire.Pipeline.Features;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// The conditions the regression was fitted on: the range of temperature, humidity and sensor level in its training
/// readings, and the hours of the day they came from. Trees predict a constant beyond what they saw, so a model trained on a cool night has no idea of
/// the afternoon's cooling load; for a reading outside these conditions the detector judges power against the sensor's
/// own recent course instead (<see cref="ExpectedPower"/>), and says so by that expectation.
/// </summary>
/// <param name="Min">Least value per checked feature (<see cref="Checked"/> order).</param>
/// <param name="Max">Greatest value per checked feature.</param>
/// <param name="Hours">Per hour of the day (UTC, 24 entries): whether training readings came from it.</param>
public sealed record TrainingConditions(IReadOnlyList<float> Min, IReadOnlyList<float> Max, IReadOnlyList<bool> Hours)
{
    /// <summary>
    /// Features that describe conditions rather than the sensor's recent behaviour. The time of day is checked apart,
    /// by the hour: a reading within an hour of hours the model saw is in known conditions (a range over sin/cos would
    /// make a model trained on a few minutes a stranger to the next ones).
    /// </summary>
    public static readonly int[] Checked = [FeatureSchema.Temperature, FeatureSchema.Humidity, FeatureSchema.LogLevel];

    /// <summary>Share of each range allowed beyond its ends before a condition counts as unseen.</summary>
    public const double Margin = 0.05;

    public static TrainingConditions Of(IEnumerable<LabeledExample> examples)
    {
        var min = Enumerable.Repeat(float.PositiveInfinity, Checked.Length).ToArray();
        var max = Enumerable.Repeat(float.NegativeInfinity, Checked.Length).ToArray();
        var hours = new bool[24];
        foreach (var example in examples)
        {
            hours[Hour(example.Features)] = true;
            for (var i = 0; i < Checked.Length; i++)
            {
                var value = example.Features[Checked[i]];
                min[i] = Math.Min(min[i], value);
                max[i] = Math.Max(max[i], value);
            }
        }

        return new TrainingConditions(min, max, hours);
    }

    /// <summary>Whether every condition of <paramref name="features"/> lies within what the model was trained on.</summary>
    public bool Covers(in FeatureVector features)
    {
        var hour = Hour(features);
        if (Hours.Count == 24 && !(Hours[hour] || Hours[(hour + 23) % 24] || Hours[(hour + 1) % 24]))
        {
            return false;
        }

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

    // The hour of the day (UTC) back from the features' point on the unit circle.
    private static int Hour(in FeatureVector features)
    {
        var angle = Math.Atan2(features[FeatureSchema.HourSin], features[FeatureSchema.HourCos]);
        return (int)(((angle < 0 ? angle + 2 * Math.PI : angle) / (2 * Math.PI) * 24) % 24);
    }

    /// <summary>
    /// The model's expected power where it knows the conditions; elsewhere (<c>Novel</c>) where the sensor's course was
    /// taking it: the older readings' baseline moved along their trend.
    /// </summary>
    internal static (double Expected, bool Novel) ExpectedPower(TreeEnsembleRegressor model, TrainingConditions? conditions, in FeatureVector features) =>
        conditions is null || conditions.Covers(features)
            ? (PowerModel.ExpectedPower(features, model.Predict(features.Values)), false)
            : (Course(features), true);

    /// <summary>Where the sensor's own course puts the reading: the expectation that needs no model.</summary>
    internal static double Course(in FeatureVector features) => features.Context.Baseline + features.Context.Course;
}
