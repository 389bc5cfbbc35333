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

    [Fact]
    public void The_trimmed_mean_ignores_a_minority_of_outliers()
    {
        double[] values = [10, 11, 9, 10, 12, 8, 10, 1000, 10, 11];

        var (mean, std) = RobustStatistics.TrimmedMeanStd(values);

        Assert.Equal(10.111, mean, 3);
        Assert.True(std < 2);
    }
}
