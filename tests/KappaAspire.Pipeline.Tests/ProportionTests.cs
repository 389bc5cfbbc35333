using KappaAspire.Pipeline.Model;

namespace KappaAspire.Pipeline.Tests;

public sealed class ProportionTests
{
    [Fact]
    public void One_of_one_is_not_a_certainty()
    {
        var recall = Proportion.Of(1, 1)!;

        Assert.Equal(1, recall.Value);
        Assert.Equal(0.207, recall.Low, 3); // Wilson 95 %: [0.207, 1]
        Assert.Equal(1, recall.High);
        Assert.Equal("1.000 [0.207, 1.000] (1/1)", recall.ToString());
    }

    [Fact]
    public void The_interval_matches_the_Wilson_table_and_narrows_with_evidence()
    {
        var few = Proportion.Of(8, 10)!;
        var many = Proportion.Of(800, 1000)!;

        Assert.Equal(0.490, few.Low, 3);
        Assert.Equal(0.943, few.High, 3);
        Assert.True(many.High - many.Low < 0.06);
    }

    [Fact]
    public void Nothing_to_measure_is_absent_not_zero() => Assert.Null(Proportion.Of(0, 0));
}
