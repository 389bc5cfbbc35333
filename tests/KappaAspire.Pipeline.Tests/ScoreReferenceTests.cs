using KappaAspire.Pipeline.Model.Monitoring;

namespace KappaAspire.Pipeline.Tests;

public sealed class ScoreReferenceTests
{
    private static double[] Normal(int count, double mean, double sd, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))];
    }

    [Fact]
    public void Ten_quantile_bins_each_hold_a_tenth_of_the_reference()
    {
        var reference = ScoreReference.From(Normal(10_000, 0, 1, seed: 1))!;

        Assert.Equal(9, reference.Edges.Count);
        Assert.Equal(10_000, reference.Readings);
        Assert.All(reference.Shares, share => Assert.Equal(0.1, share, 3));
        Assert.Equal(1, reference.Shares.Sum(), 9);
    }

    [Fact]
    public void Tied_scores_merge_their_quantiles_into_one_bin_whose_share_is_counted()
    {
        // 45 % of the scores are exactly 0 (a common floor), the rest spread above it.
        double[] scores = [.. Enumerable.Repeat(0.0, 450), .. Enumerable.Range(1, 550).Select(i => i / 100.0)];

        var reference = ScoreReference.From(scores)!;

        Assert.Equal(0, reference.Edges[0]);
        Assert.Equal(0.45, reference.Shares[0], 9);
        Assert.Equal(reference.Edges.Distinct().Count(), reference.Edges.Count);
        Assert.Equal(reference.Edges.Order(), reference.Edges);
        Assert.Equal(1, reference.Shares.Sum(), 9);
        Assert.Equal(0, reference.BinOf(0));
        Assert.Equal(reference.Edges.Count, reference.BinOf(1e9));
    }

    [Fact]
    public void The_psi_of_fresh_draws_from_the_reference_distribution_is_near_zero()
    {
        var reference = ScoreReference.From(Normal(10_000, 0, 1, seed: 1))!;

        var psi = reference.Psi(Normal(5_000, 0, 1, seed: 2));

        Assert.InRange(psi, 0, 0.02);
    }

    [Theory]
    [InlineData(0.5, 1.0, 0.1, 0.5)] // half a standard deviation: a moderate shift
    [InlineData(1.0, 1.0, 0.25, 2.0)] // a whole one: significant
    [InlineData(0.0, 2.0, 0.25, 2.0)] // the same centre, twice the spread: significant too
    public void The_psi_of_a_shifted_distribution_grows_with_the_shift(double mean, double sd, double low, double high)
    {
        var reference = ScoreReference.From(Normal(10_000, 0, 1, seed: 1))!;

        var psi = reference.Psi(Normal(5_000, mean, sd, seed: 3));

        Assert.InRange(psi, low, high);
    }

    [Fact]
    public void Live_scores_all_in_one_bin_leave_the_others_empty_and_the_psi_stays_finite()
    {
        var reference = ScoreReference.From(Enumerable.Range(0, 1_000).Select(i => (double)i))!;

        var psi = reference.Psi(Enumerable.Repeat(5_000.0, 100));

        Assert.True(double.IsFinite(psi));
        Assert.True(psi > 1, $"PSI {psi}");
        Assert.True(double.IsNaN(reference.Psi([])));
        Assert.Null(ScoreReference.From([]));
    }
}
