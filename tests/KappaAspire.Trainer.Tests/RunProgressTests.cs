using KappaAspire.Trainer.Reprocessing;

namespace KappaAspire.Trainer.Tests;

/// <summary>A run's progress from its group's committed offsets and the source's watermarks.</summary>
public sealed class RunProgressTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    [Fact]
    public void Before_any_commit_a_run_lags_by_the_whole_log_from_its_first_offset()
    {
        var (progress, _) = RunProgress.Compute(new Dictionary<int, long>(), new Dictionary<int, (long, long)> { [0] = (0, 1000), [1] = (200, 900) }, null, T0, Window);

        Assert.Equal([new PartitionLag(0, null, 1000, 1000), new PartitionLag(1, null, 900, 700)], progress.Partitions);
        Assert.Equal((1700L, 0L), (progress.TotalLag, progress.Scored));
        Assert.Equal((null, null, null), (progress.ReadingsPerSecond, progress.InputPerSecond, progress.EtaSeconds));
        Assert.False(progress.CaughtUp);
    }

    [Fact]
    public void Rates_and_eta_come_from_successive_samples()
    {
        var first = RunProgress.Compute(new Dictionary<int, long> { [0] = 100, [1] = 100 }, new Dictionary<int, (long, long)> { [0] = (0, 5000), [1] = (0, 5000) }, null, T0, Window);

        // 2 s later: 4,000 more scored, 400 more arrived.
        var (progress, _) = RunProgress.Compute(new Dictionary<int, long> { [0] = 2100, [1] = 2100 }, new Dictionary<int, (long, long)> { [0] = (0, 5200), [1] = (0, 5200) }, first.Sample, T0.AddSeconds(2), Window);

        Assert.Equal(6200, progress.TotalLag);
        Assert.Equal(4200, progress.Scored);
        Assert.Equal(2000, progress.ReadingsPerSecond);
        Assert.Equal(200, progress.InputPerSecond);
        Assert.Equal(6200 / 1800.0, progress.EtaSeconds!.Value, 6);
        Assert.False(progress.CaughtUp);
    }

    [Fact]
    public void A_run_slower_than_its_input_has_no_eta()
    {
        var first = RunProgress.Compute(new Dictionary<int, long> { [0] = 100 }, new Dictionary<int, (long, long)> { [0] = (0, 5000) }, null, T0, Window);

        var (progress, _) = RunProgress.Compute(new Dictionary<int, long> { [0] = 200 }, new Dictionary<int, (long, long)> { [0] = (0, 5400) }, first.Sample, T0.AddSeconds(1), Window);

        Assert.Null(progress.EtaSeconds);
        Assert.False(progress.CaughtUp);
    }

    [Fact]
    public void A_run_within_the_window_of_input_is_caught_up()
    {
        var first = RunProgress.Compute(new Dictionary<int, long> { [0] = 9000, [1] = 9000 }, new Dictionary<int, (long, long)> { [0] = (0, 9500), [1] = (0, 9500) }, null, T0, Window);

        // 400 readings/s arrive; 5 s of that is 2,000: a lag of 1,200 is caught up, one of 2,001 is not.
        var (near, _) = RunProgress.Compute(new Dictionary<int, long> { [0] = 9800, [1] = 9800 }, new Dictionary<int, (long, long)> { [0] = (0, 10_400), [1] = (0, 10_400) }, first.Sample, T0.AddSeconds(2), Window);
        var (far, _) = RunProgress.Compute(new Dictionary<int, long> { [0] = 9000, [1] = 8999 }, new Dictionary<int, (long, long)> { [0] = (0, 10_000), [1] = (0, 10_000) }, first.Sample with { End = 19_200 }, T0.AddSeconds(2), Window);

        Assert.Equal((1200L, true, 0.0), (near.TotalLag, near.CaughtUp, near.EtaSeconds));
        Assert.Equal((2001L, false), (far.TotalLag, far.CaughtUp));
    }

    [Fact]
    public void A_partition_never_committed_keeps_a_run_from_being_caught_up_however_small_its_lag()
    {
        var first = RunProgress.Compute(new Dictionary<int, long> { [0] = 0 }, new Dictionary<int, (long, long)> { [0] = (0, 0), [1] = (0, 100) }, null, T0, Window);

        // 1,000 readings/s arrive on partition 0, so a lag of 100 is within the window; partition 1 was never scored.
        var (progress, _) = RunProgress.Compute(new Dictionary<int, long> { [0] = 1000 }, new Dictionary<int, (long, long)> { [0] = (0, 1000), [1] = (0, 100) }, first.Sample, T0.AddSeconds(1), Window);

        Assert.Equal(100, progress.TotalLag);
        Assert.False(progress.CaughtUp);
    }

    [Fact]
    public void A_partition_with_nothing_to_score_needs_no_commit()
    {
        // Partition 1 is empty; partition 2's records were all removed by retention.
        var (progress, _) = RunProgress.Compute(new Dictionary<int, long> { [0] = 10 }, new Dictionary<int, (long, long)> { [0] = (0, 10), [1] = (0, 0), [2] = (5, 5) }, null, T0, Window);

        Assert.Equal(0, progress.TotalLag);
        Assert.True(progress.CaughtUp);
    }

    [Fact]
    public void Caught_up_with_no_input_at_all_needs_no_lag()
    {
        var (progress, _) = RunProgress.Compute(new Dictionary<int, long> { [0] = 10, [1] = 0 }, new Dictionary<int, (long, long)> { [0] = (0, 10), [1] = (0, 0) }, null, T0, Window);

        Assert.True(progress.CaughtUp);
        Assert.Equal(0, progress.EtaSeconds);
    }

    [Fact]
    public void A_commit_before_the_log_start_counts_from_the_log_start()
    {
        var (progress, _) = RunProgress.Compute(new Dictionary<int, long> { [0] = 10 }, new Dictionary<int, (long, long)> { [0] = (500, 800) }, null, T0, Window);

        Assert.Equal(new PartitionLag(0, 10, 800, 300), Assert.Single(progress.Partitions));
    }
}
