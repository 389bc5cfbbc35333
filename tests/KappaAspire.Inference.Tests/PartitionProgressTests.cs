using KappaAspire.Inference.Scoring;

namespace KappaAspire.Inference.Tests;

public sealed class PartitionProgressTests
{
    [Fact]
    public void The_safe_position_stops_at_the_first_unacknowledged_record_whatever_the_order_of_acknowledgements()
    {
        var progress = new PartitionProgress(startOffset: 10);
        Assert.Equal(10, progress.SafePosition);

        var a = progress.Track(10);
        var b = progress.Track(11);
        var c = progress.Track(13); // offsets may skip (e.g. compaction or control records)

        progress.Acknowledge(c);
        progress.Acknowledge(b);
        Assert.Equal(10, progress.SafePosition);

        progress.Acknowledge(a);
        Assert.Equal(14, progress.SafePosition);
        Assert.Equal(0, progress.InFlightCount);
    }

    [Fact]
    public void A_failed_output_blocks_the_safe_position_for_good()
    {
        var progress = new PartitionProgress(startOffset: -1);
        Assert.Equal(-1, progress.SafePosition);

        var a = progress.Track(0);
        var b = progress.Track(1);
        var c = progress.Track(2);
        progress.Acknowledge(a);
        Assert.True(progress.Fail(b));
        Assert.False(progress.Fail(b));
        progress.Acknowledge(c);

        Assert.True(progress.HasFailed);
        Assert.Equal(1, progress.SafePosition);
    }

    [Fact]
    public void Thousands_in_flight_are_tracked_exactly()
    {
        var progress = new PartitionProgress(startOffset: 0);
        var tickets = Enumerable.Range(0, 5000).Select(i => progress.Track(i)).ToArray();
        foreach (var ticket in tickets.Skip(1).Reverse())
        {
            progress.Acknowledge(ticket);
        }

        Assert.Equal(0, progress.SafePosition);
        Assert.Equal(5000, progress.InFlightCount);
        progress.Acknowledge(tickets[0]);
        Assert.Equal(5000, progress.SafePosition);
    }
}
