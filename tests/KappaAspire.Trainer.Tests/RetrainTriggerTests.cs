using KappaAspire.Pipeline.Packaging;
using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Services;

namespace KappaAspire.Trainer.Tests;

public sealed class RetrainTriggerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // The serving model was trained on offsets 0..1499 of two partitions: 3,000 records.
    private static readonly OffsetRange[] Served = [new(0, 0, 1499), new(1, 0, 1499)];

    private static readonly RetrainTrigger Default = new(factor: 2, minimumNewRecords: 1_000, ceiling: 1_000_000);

    private static PartitionWatermark[] Log(long high0, long high1) => [new(0, 0, high0), new(1, 0, high1)];

    [Fact]
    public void A_log_twice_the_served_window_retrains_and_says_by_how_much()
    {
        var check = Default.Decide("v0001", Served, lastRunRecords: 3_000, Log(3_000, 3_000), Now);

        Assert.True(check.Retrain, check.Reason);
        Assert.Equal((3_000, 3_000, 6_000, 3_000), (check.ServedRecords, check.BasisRecords, check.LogRecords, check.NewRecords));
        Assert.Equal("the log holds 6,000 records, 2.0× the 3,000 records v0001 was trained on (3,000 new; growth retrains at 2×)", check.Reason);
        Assert.Equal((Now, "v0001"), (check.CheckedAt, check.ServingVersion));
    }

    [Fact]
    public void A_log_short_of_the_factor_does_not_retrain()
    {
        var check = Default.Decide("v0001", Served, lastRunRecords: 3_000, Log(3_000, 2_999), Now);

        Assert.False(check.Retrain);
        Assert.Equal("the log holds 5,999 records, 1.99× the 3,000 records v0001 was trained on; growth retrains at 2×", check.Reason);
    }

    [Fact]
    public void Fewer_new_records_than_the_minimum_do_not_retrain_even_past_the_factor()
    {
        var trigger = new RetrainTrigger(factor: 1.1, minimumNewRecords: 1_000, ceiling: 1_000_000);

        var below = trigger.Decide("v0001", Served, lastRunRecords: 3_000, Log(1_999, 2_000), Now);
        var at = trigger.Decide("v0001", Served, lastRunRecords: 3_000, Log(2_000, 2_000), Now);

        Assert.False(below.Retrain);
        Assert.Equal("only 999 records arrived after v0001's training window; growth retrains after 1,000", below.Reason);
        Assert.True(at.Retrain, at.Reason);
    }

    [Fact]
    public void Once_the_serving_model_was_trained_on_the_ceiling_only_the_schedule_retrains()
    {
        var trigger = new RetrainTrigger(factor: 2, minimumNewRecords: 1_000, ceiling: 3_000);

        var check = trigger.Decide("v0007", Served, lastRunRecords: 3_000, Log(100_000, 100_000), Now);

        Assert.False(check.Retrain);
        Assert.Equal("v0007 was trained on 3,000 records, at least Trainer:RetrainGrowthCeiling (3,000): the schedule decides", check.Reason);
        Assert.True(new RetrainTrigger(2, 1_000, ceiling: 3_001).Decide("v0007", Served, 3_000, Log(100_000, 100_000), Now).Retrain);
    }

    [Fact]
    public void A_candidate_that_was_not_promoted_is_trained_again_only_once_the_log_outgrows_its_run()
    {
        // The last run replayed 6,000 records and was rejected: v0001 (3,000) still serves.
        var same = Default.Decide("v0001", Served, lastRunRecords: 6_000, Log(3_000, 3_000), Now);
        var doubled = Default.Decide("v0001", Served, lastRunRecords: 6_000, Log(6_000, 6_000), Now);

        Assert.False(same.Retrain);
        Assert.Equal(6_000, same.BasisRecords);
        Assert.Equal("the log holds 6,000 records, 1.0× the 6,000 records of the last run; growth retrains at 2×", same.Reason);
        Assert.True(doubled.Retrain, doubled.Reason);
    }

    [Fact]
    public void The_log_is_counted_as_a_replay_would_read_it_after_retention_and_with_partitions_the_model_never_saw()
    {
        PartitionWatermark[] log =
        [
            new(0, 2_000, 3_000), // retention removed the served window and more: new from the low watermark
            new(1, 500, 1_600),   // the start of the window is gone; 100 records after it
            new(2, 0, 1_500),     // a partition the model never read
        ];

        var check = Default.Decide("v0001", Served, lastRunRecords: 3_000, log, Now);

        Assert.Equal(1_000 + 1_100 + 1_500, check.LogRecords);
        Assert.Equal(1_000 + 100 + 1_500, check.NewRecords);
        Assert.False(check.Retrain); // 3,600 records: 1.2× the 3,000 served
    }

    [Fact]
    public void A_factor_of_zero_never_retrains()
    {
        var off = new RetrainTrigger(factor: 0, minimumNewRecords: 1_000, ceiling: 1_000_000);

        Assert.False(off.Enabled);
        Assert.False(off.Decide("v0001", Served, lastRunRecords: 0, Log(1_000_000, 1_000_000), Now).Retrain);
    }

    [Fact]
    public void The_trigger_is_built_from_the_trainer_settings()
    {
        var triple = RetrainTrigger.From(new TrainerOptions { RetrainGrowthFactor = 3 });
        var capped = RetrainTrigger.From(new TrainerOptions { RetrainGrowthFactor = 3, RetrainGrowthCeiling = 3_000 });
        var strict = RetrainTrigger.From(new TrainerOptions { RetrainGrowthFactor = 3, RetrainMinimumNewReadings = 7_000 });

        Assert.True(triple.Decide("v0001", Served, 3_000, Log(4_500, 4_500), Now).Retrain);
        Assert.False(triple.Decide("v0001", Served, 3_000, Log(4_500, 4_499), Now).Retrain);
        Assert.False(capped.Decide("v0001", Served, 3_000, Log(4_500, 4_500), Now).Retrain);
        Assert.False(strict.Decide("v0001", Served, 3_000, Log(4_500, 4_500), Now).Retrain); // 6,000 new
    }
}
