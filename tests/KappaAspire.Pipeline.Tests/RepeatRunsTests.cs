using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;

namespace KappaAspire.Pipeline.Tests;

public sealed class RepeatRunsTests
{
    private static long[] Counts(params (int Run, long Readings)[] runs)
    {
        var counts = new long[RepeatRuns.MaxRun + 1];
        foreach (var (run, readings) in runs)
        {
            counts[run] = readings;
        }

        return counts;
    }

    [Fact]
    public void For_a_continuous_meter_a_second_equal_value_is_already_surprising()
    {
        var survival = RepeatRuns.Survival(Counts((1, 100_000)));

        Assert.True(RepeatRuns.Score(survival, 2) > 4, $"z {RepeatRuns.Score(survival, 2):F2}");
        Assert.Equal(0, RepeatRuns.Score(survival, 1));
    }

    [Fact]
    public void For_a_quantized_meter_short_repeats_are_normal_and_only_runs_longer_than_its_history_surprise()
    {
        // Half the readings repeat the previous value, runs of up to 6 seen, halving in frequency with each step.
        var survival = RepeatRuns.Survival(Counts((1, 50_000), (2, 25_000), (3, 12_500), (4, 6_250), (5, 3_125), (6, 1_560)));

        Assert.True(RepeatRuns.Score(survival, 2) < 1, $"run 2: z {RepeatRuns.Score(survival, 2):F2}");
        Assert.True(RepeatRuns.Score(survival, 5) < 3, $"run 5: z {RepeatRuns.Score(survival, 5):F2}");
        Assert.True(RepeatRuns.Score(survival, 20) > 4, $"run 20: z {RepeatRuns.Score(survival, 20):F2}");
    }

    [Fact]
    public void A_meter_reading_zero_is_off_not_stuck_so_its_zeros_make_no_run()
    {
        var context = new ScoringContext("meter", 0, FeatureExtractor.MinimumUnit, 0, 0, FeatureSchema.WindowSize, 10, default, 0, 0);
        var features = new FeatureVector(new float[FeatureSchema.Count], context);
        var stuck = features.Context with { PreviousPower = 5, Level = 5, Unit = 5, Baseline = 5 };

        Assert.Equal(1, RepeatRuns.Current(features, 0));
        Assert.Equal(11, RepeatRuns.Current(new FeatureVector(features.Values, stuck), 5));
    }

    [Fact]
    public void Survival_falls_with_run_length_and_never_reaches_zero()
    {
        var survival = RepeatRuns.Survival(Counts((1, 1000), (2, 10)));

        Assert.Equal(1, survival[1]);
        for (var run = 2; run <= RepeatRuns.MaxRun; run++)
        {
            Assert.True(survival[run] < survival[run - 1]);
            Assert.True(survival[run] > 0);
        }
    }
}
