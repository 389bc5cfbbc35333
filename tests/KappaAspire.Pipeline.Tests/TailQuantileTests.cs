using KappaAspire.Pipeline.Model;

namespace KappaAspire.Pipeline.Tests;

public sealed class TailQuantileTests
{
    private static double[] Sample(int count, Func<double, double> inverseCdf) =>
        Enumerable.Range(1, count).Select(i => inverseCdf((i - 0.5) / count)).ToArray();

    [Fact]
    public void The_extrapolated_quantile_of_an_exponential_tail_is_close_to_the_true_one()
    {
        var scores = Sample(5000, u => -Math.Log(1 - u));

        var estimate = TailQuantile.Estimate(scores, 0.005);

        Assert.Equal(-Math.Log(0.005), estimate, 0.3); // 5.30
    }

    [Fact]
    public void A_heavy_tail_gets_a_higher_threshold_than_a_light_one()
    {
        var light = Sample(5000, u => -Math.Log(1 - u));
        var heavy = Sample(5000, u => Math.Pow(1 - u, -0.4) - 1); // Pareto tail, shape 0.4

        Assert.True(TailQuantile.Estimate(heavy, 0.005) > 2 * TailQuantile.Estimate(light, 0.005) / 1.5);
        Assert.Equal(Math.Pow(0.005, -0.4) - 1, TailQuantile.Estimate(heavy, 0.005), 0.6); // 7.34
    }

    [Fact]
    public void Unlabelled_anomalies_in_the_calibration_data_raise_the_threshold_only_a_little()
    {
        var clean = Sample(5000, u => -Math.Log(1 - u));
        var contaminated = clean.Select((s, i) => i % 50 == 0 ? 1000 : s).ToArray(); // 2 % anomalies scoring 1000

        var cleanThreshold = TailQuantile.Estimate(clean, 0.005);
        var threshold = TailQuantile.Estimate(contaminated, 0.005);

        // It errs towards fewer alarms, and by far less than the empirical quantile (which would land on 1000).
        Assert.InRange(threshold, cleanThreshold, cleanThreshold * 1.4);
    }

    [Fact]
    public void Tied_scores_fall_back_to_the_empirical_quantile() =>
        Assert.Equal(0, TailQuantile.Estimate(new double[1000], 0.005));

    [Fact]
    public void The_conformal_quantile_is_the_rank_new_readings_exceed_at_most_p_of_the_time()
    {
        var scores = Enumerable.Range(1, 999).Select(i => (double)i).ToArray();

        // ⌈1000 × 0.995⌉ = 995th smallest; with fewer than 1/p − 1 scores, the largest.
        Assert.Equal(995, TailQuantile.Conformal(scores, 0.005));
        Assert.Equal(150, TailQuantile.Conformal([.. scores.Take(150)], 0.005));
    }

    [Fact]
    public void Where_the_tail_is_another_population_than_the_body_only_the_conformal_bound_holds_the_budget()
    {
        // A bursty meter: most scores light-tailed, 2 % of them routine bursts far above the body.
        static double Draw(Random random) => random.NextDouble() < 0.02 ? 50 + 50 * random.NextDouble() : -Math.Log(1 - random.NextDouble());
        var random = new Random(11);
        double extrapolatedRate = 0, conformalRate = 0;
        const int trials = 200, calibration = 1000, fresh = 2000;
        for (var trial = 0; trial < trials; trial++)
        {
            var sorted = Enumerable.Range(0, calibration).Select(_ => Draw(random)).Order().ToArray();
            var extrapolated = TailQuantile.EstimateSorted(sorted, 0.005);
            var conformal = TailQuantile.Conformal(sorted, 0.005);
            for (var i = 0; i < fresh; i++)
            {
                var score = Draw(random);
                extrapolatedRate += score > extrapolated ? 1.0 / (trials * fresh) : 0;
                conformalRate += score > conformal ? 1.0 / (trials * fresh) : 0;
            }
        }

        Assert.True(extrapolatedRate > 0.015, $"extrapolated: {extrapolatedRate:P2} of new readings alarm");
        Assert.True(conformalRate <= 0.0055, $"conformal: {conformalRate:P2} of new readings alarm");
    }
}
