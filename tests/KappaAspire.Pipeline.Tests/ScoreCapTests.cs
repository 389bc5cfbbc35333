using KappaAspire.Pipeline.Model;

namespace KappaAspire.Pipeline.Tests;

/// <summary>
/// Scores are capped at <see cref="AnomalyScorer.MaxScore"/>. A sensor whose normal readings reach the cap (a meter idling
/// at zero next to which every burst is infinitely surprising) gets a threshold at the cap, and a capped score then says
/// nothing its normal readings did not say: it must not raise an alarm.
/// </summary>
public sealed class ScoreCapTests(TrainedModelFixture fixture)
{
    [Fact]
    public void A_reading_at_the_cap_alarms_only_where_normal_readings_stayed_below_it()
    {
        var detector = fixture.Result.Detector;
        var reading = fixture.Examples.Last(e => e.Features.IsWarm);
        var absurd = reading.Power * 1e30;

        var calibrated = detector.CreateScorer().Score(reading.Features, absurd);
        var atCap = detector.Parameters.WithThresholds((_, _) => AnomalyScorer.MaxScore) with
        {
            Sensors = detector.Parameters.Sensors.ToDictionary(s => s.Key, s => s.Value with { Threshold = AnomalyScorer.MaxScore, NovelThreshold = AnomalyScorer.MaxScore }),
        };
        var capped = AnomalyScorer.Create(detector.ModelZip, atCap).Score(reading.Features, absurd);

        Assert.Equal(AnomalyScorer.MaxScore, calibrated.Score);
        Assert.True(calibrated.IsAnomaly);
        Assert.Equal(AnomalyScorer.MaxScore, capped.Score);
        Assert.False(capped.IsAnomaly);
    }
}
