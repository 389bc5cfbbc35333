using KappaAspire.Pipeline.Model;

namespace KappaAspire.Pipeline.Tests;

/// <summary>
/// <see cref="AnomalyScore.Severity"/> is the score over the threshold that applies to the reading, so one cut-off means
/// the same for every sensor: 1 is exactly where that sensor alarms, and a reading that cannot alarm has none.
/// </summary>
public sealed class SeverityTests(TrainedModelFixture fixture)
{
    [Fact]
    public void Severity_of_one_or_more_is_exactly_an_alarm()
    {
        var scorer = fixture.Result.Detector.CreateScorer();
        var verdicts = fixture.Result.Split.Holdout.Select(e => scorer.Score(e.Features, e.Power)).ToList();

        Assert.Contains(verdicts, v => v.IsAnomaly);
        Assert.All(verdicts, v => Assert.Equal(v.IsAnomaly, v.Severity >= 1));
    }

    [Fact]
    public void Severity_is_the_score_over_the_sensors_own_threshold()
    {
        var parameters = fixture.Result.Detector.Parameters;
        var scorer = fixture.Result.Detector.CreateScorer();
        var example = fixture.Result.Split.Holdout.First(e => parameters.Conditions!.Covers(e.Features));

        var verdict = scorer.Score(example.Features, example.Power * 3);

        Assert.Equal(verdict.Score / parameters.For(example.SensorId).Threshold, verdict.Severity, 12);
    }

    [Fact]
    public void A_reading_before_the_window_is_full_has_no_severity()
    {
        var scorer = fixture.Result.Detector.CreateScorer();
        var cold = fixture.Examples.First(e => !e.Features.IsWarm && e.Features.History > 0);

        var verdict = scorer.Score(cold.Features, cold.Power * 10);

        Assert.True(verdict.Score > 0);
        Assert.Equal(0, verdict.Severity);
    }
}
