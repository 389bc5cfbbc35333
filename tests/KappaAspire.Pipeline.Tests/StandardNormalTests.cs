using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;

namespace KappaAspire.Pipeline.Tests;

public sealed class StandardNormalTests
{
    [Theory]
    [InlineData(0.05, 1.959964)]
    [InlineData(0.3173105, 1.0)]
    [InlineData(1.9731754e-9, 6.0)]
    [InlineData(1.0, 0.0)]
    public void Two_sided_z_matches_the_normal_table(double p, double z) =>
        Assert.Equal(z, StandardNormal.TwoSidedZ(p), 4);

    [Theory]
    [InlineData(0.1, 0.1124629)]
    [InlineData(0.5, 0.5204999)]
    public void Erf_is_accurate_where_the_flatline_signal_uses_it(double x, double erf) =>
        Assert.Equal(erf, StandardNormal.ErfSmall(x), 6);

    [Fact]
    public void An_exact_repeat_is_infinitely_surprising_and_a_normal_step_is_not()
    {
        Assert.Equal(double.PositiveInfinity, FlatlineSignal.Score(1000, 1000, typicalStep: 20));
        Assert.Equal(0, FlatlineSignal.Score(1040, 1000, typicalStep: 20));
        Assert.InRange(FlatlineSignal.Score(1000.01, 1000, typicalStep: 20), 3.5, 3.8); // P(|Δ| ≤ 0.01 W) ≈ 2.7e-4
    }

    [Fact]
    public void The_trimmed_mean_ignores_a_minority_of_outliers()
    {
        double[] values = [10, 11, 9, 10, 12, 8, 10, 1000, 10, 11];

        var (mean, std) = RobustStatistics.TrimmedMeanStd(values);

        Assert.Equal(10.111, mean, 3);
        Assert.True(std < 2);
    }
}
