using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Model.Monitoring;
using KappaAspire.Trainer.Services;

namespace KappaAspire.Trainer.Tests;

public sealed class DriftTriggerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    // A reference of scores 0..999 in ten bins of 100.
    private static readonly ScoreReference Reference = ScoreReference.From(Enumerable.Range(0, 1_000).Select(i => (double)i))!;

    private static readonly DriftTrigger Default = new(threshold: 0.25, cooldown: TimeSpan.FromMinutes(10));

    /// <summary>The live figures of <paramref name="readings"/> predictions; shifted ones all score in the reference's top bin.</summary>
    private static LiveQuality Quality(int readings, bool shifted, ScoreReference? reference = null, int minimum = 2_000)
    {
        var monitor = new LiveQualityMonitor(reference ?? Reference, window: 10_000, minimumReadings: minimum);
        for (var i = 0; i < readings; i++)
        {
            monitor.Add("sensor-1", shifted ? 950 : i % 1_000, alarm: false, GroundTruth.Normal);
        }

        return monitor.Snapshot();
    }

    [Fact]
    public void A_psi_past_the_threshold_over_enough_readings_retrains_and_says_so()
    {
        var check = Default.Decide("v0004", Quality(2_000, shifted: true), lastDriftRun: null, Now);

        Assert.True(check.Retrain, check.Reason);
        Assert.Equal($"drift: PSI {check.Psi:0.00} ≥ 0.25 over 2,000 readings of v0004", check.Reason);
        Assert.True(check.Psi >= 0.25);
        Assert.Equal((Now, "v0004", 2_000, 0.25), (check.CheckedAt, check.ServingVersion, check.Readings, check.Threshold));
    }

    [Fact]
    public void Scores_distributed_like_the_reference_do_not_retrain()
    {
        var check = Default.Decide("v0004", Quality(2_000, shifted: false), lastDriftRun: null, Now);

        Assert.False(check.Retrain);
        Assert.Equal("PSI 0.00 < 0.25 over 2,000 readings of v0004", check.Reason);
    }

    [Fact]
    public void Fewer_readings_than_the_minimum_are_not_judged()
    {
        var check = Default.Decide("v0004", Quality(1_999, shifted: true), lastDriftRun: null, Now);

        Assert.False(check.Retrain);
        Assert.Null(check.Psi);
        Assert.Equal("1,999 readings of v0004 so far; drift is judged from 2,000 (Trainer:DriftMinimumReadings)", check.Reason);
    }

    [Fact]
    public void Within_the_cool_down_of_the_last_drift_run_drift_waits_and_after_it_retrains_again()
    {
        var quality = Quality(2_000, shifted: true);

        var within = Default.Decide("v0004", quality, lastDriftRun: Now.AddMinutes(-9), Now);
        var after = Default.Decide("v0004", quality, lastDriftRun: Now.AddMinutes(-10), Now);

        Assert.False(within.Retrain);
        Assert.EndsWith("but drift started a run at 2026-01-01 11:51:00Z; the next may start 00:10:00 after it (Trainer:DriftCooldown)", within.Reason);
        Assert.True(after.Retrain, after.Reason);
    }

    [Fact]
    public void A_model_without_a_score_reference_reports_no_drift_and_never_retrains_on_it()
    {
        var monitor = new LiveQualityMonitor(reference: null, window: 10_000, minimumReadings: 2_000);
        for (var i = 0; i < 5_000; i++)
        {
            monitor.Add("sensor-1", 950, alarm: false, truth: null);
        }

        var check = Default.Decide("v0001", monitor.Snapshot(), lastDriftRun: null, Now);

        Assert.False(check.Retrain);
        Assert.Equal("v0001 carries no score reference (packaged before drift was measured): its drift is not known", check.Reason);
    }

    [Fact]
    public void A_threshold_of_zero_turns_drift_retraining_off()
    {
        var check = new DriftTrigger(threshold: 0, TimeSpan.Zero).Decide("v0004", Quality(2_000, shifted: true), null, Now);

        Assert.False(check.Retrain);
        Assert.Equal("drift-triggered retraining is off (Trainer:DriftRetrainThreshold = 0)", check.Reason);
    }
}
