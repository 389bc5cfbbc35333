using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;

namespace KappaAspire.Pipeline.Tests;

/// <summary>Trees cannot extrapolate: outside the conditions it was trained on, the detector trusts the sensor's own course.</summary>
public sealed class TrainingConditionsTests(TrainedModelFixture trained)
{
    private static FeatureVector WithTemperature(FeatureVector features, float temperature)
    {
        var values = features.ToArray();
        values[FeatureSchema.Temperature] = temperature;
        return new FeatureVector(values, features.Context);
    }

    [Fact]
    public void The_conditions_recorded_are_those_of_the_training_readings()
    {
        var conditions = trained.Result.Detector.Parameters.Conditions!;
        var temperatures = trained.Result.Split.Training.Select(e => e.Features[FeatureSchema.Temperature]).ToArray();

        Assert.Equal(temperatures.Min(), conditions.Min[0]);
        Assert.Equal(temperatures.Max(), conditions.Max[0]);
        Assert.True(trained.Result.Split.Training.All(e => conditions.Covers(e.Features)));
    }

    [Fact]
    public void A_reading_in_unseen_conditions_is_judged_against_the_sensors_course_not_the_model()
    {
        var scorer = trained.Result.Detector.CreateScorer();
        var conditions = trained.Result.Detector.Parameters.Conditions!;
        var example = trained.Result.Split.Holdout.First(e => conditions.Covers(e.Features));
        var unseen = WithTemperature(example.Features, conditions.Max[0] + 20);

        Assert.False(conditions.Covers(unseen));
        Assert.Equal(unseen.Context.Baseline + unseen.Context.Course, scorer.PredictExpectedPower(unseen));
        Assert.NotEqual(scorer.PredictExpectedPower(example.Features), scorer.PredictExpectedPower(unseen));
    }

    [Fact]
    public void A_small_step_beyond_the_range_is_still_covered()
    {
        var conditions = trained.Result.Detector.Parameters.Conditions!;
        var example = trained.Result.Split.Holdout.First(e => conditions.Covers(e.Features));
        var range = conditions.Max[0] - conditions.Min[0];

        Assert.True(conditions.Covers(WithTemperature(example.Features, conditions.Max[0] + 0.5f * (float)TrainingConditions.Margin * range)));
    }

    [Fact]
    public void Hours_within_one_of_those_trained_on_are_known_and_others_are_not()
    {
        var example = trained.Result.Split.Holdout[0];
        var wide = Enumerable.Repeat(float.MaxValue, TrainingConditions.Checked.Length).ToArray();
        var conditions = new TrainingConditions([.. wide.Select(w => -w)], wide, [.. Enumerable.Range(0, 24).Select(h => h == 3)]);

        var known = Enumerable.Range(0, 24).Where(hour =>
        {
            var values = example.Features.ToArray();
            var angle = 2 * Math.PI * (hour + 0.5) / 24;
            (values[FeatureSchema.HourSin], values[FeatureSchema.HourCos]) = ((float)Math.Sin(angle), (float)Math.Cos(angle));
            return conditions.Covers(new FeatureVector(values, example.Features.Context));
        });

        Assert.Equal([2, 3, 4], known);
    }

    [Fact]
    public void Readings_in_novel_conditions_have_a_threshold_of_their_own_never_below_the_known_one()
    {
        var parameters = trained.Result.Detector.Parameters;

        Assert.All(parameters.Sensors.Values.Append(parameters.Pooled), p =>
        {
            Assert.True(p.NovelThreshold >= p.Threshold, $"{p.NovelThreshold} < {p.Threshold}");
            Assert.True(p.NovelPoint.Scale > 0 && p.NovelPointLocal.Scale > 0);
        });
    }

    [Fact]
    public void A_stuck_meter_in_unseen_conditions_is_judged_on_the_sensors_own_threshold()
    {
        var detector = trained.Result.Detector;
        var example = trained.Result.Split.Holdout.First(e => detector.Parameters.Conditions!.Covers(e.Features));
        // The shortest run that alarms on the sensor's threshold, and a novel threshold that would let it pass.
        var trainedProfile = detector.Parameters.For(example.SensorId);
        var run = Enumerable.Range(2, RepeatRuns.MaxRun - 1).First(r => RepeatRuns.Score(trainedProfile.RepeatSurvival, r) >= trainedProfile.Threshold);
        var profile = trainedProfile with { NovelThreshold = 2 * RepeatRuns.Score(trainedProfile.RepeatSurvival, run) };
        var parameters = detector.Parameters with
        {
            Sensors = detector.Parameters.Sensors.ToDictionary(s => s.Key, s => s.Key == example.SensorId ? profile : s.Value),
        };
        var scorer = AnomalyScorer.Create(detector.ModelZip, parameters);

        // The meter has held its value for run − 1 readings and holds it again: no point or shift surprise, only the run.
        var power = example.Power;
        var held = example.Features.Context with
        {
            PreviousPower = power,
            PreviousRun = run - 1,
            Recent = new RecentPowers(power, power, power, power, 4),
            Baseline = power,
            Course = 0,
        };
        var unseen = WithTemperature(new FeatureVector(example.Features.Values, held), parameters.Conditions!.Max[0] + 20);

        var verdict = scorer.Score(unseen, power);

        Assert.False(parameters.Conditions.Covers(unseen));
        Assert.True(verdict.IsAnomaly, $"run {run}: score {verdict.Score:F2}, threshold {profile.Threshold:F2}, novel threshold {profile.NovelThreshold:F2}");
    }
}
