using KappaAspire.Pipeline.Model;

namespace KappaAspire.Pipeline.Tests;

public sealed class ResidualScaleTests
{
    [Fact]
    public void For_normal_noise_the_scale_is_its_standard_deviation()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 20_000)
            .Select(_ => 2.5 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))
            .ToArray();

        Assert.Equal(2.5, ResidualScale.Fit(values).Scale, 0.1);
    }

    [Fact]
    public void When_most_values_sit_within_resolution_of_the_median_the_rest_still_give_the_signal_a_width()
    {
        // An idle meter the model predicts to within 1e-9 W, and one reading in ten a burst of ±10: the MAD is ~1e-9,
        // far below the signal's resolution, though the signal plainly has spread.
        var values = Enumerable.Range(0, 1000).Select(i => i % 10 == 0 ? (i % 20 == 0 ? 10.0 : -10.0) : 1e-9 * (i % 7)).ToArray();

        var scale = ResidualScale.Fit(values, minimumScale: ResidualScale.MinimumRelativeScale);

        // The mean absolute deviation (1 here) × √(π/2).
        Assert.Equal(1.2533, scale.Scale, 0.01);
    }
}
