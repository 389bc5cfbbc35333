using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Pipeline.Tests;

/// <summary>The realistic profile has what real meter logs have and the default lacks.</summary>
public sealed class RealisticProfileTests
{
    private static readonly SensorSimulatorOptions Realistic = new() { Profile = SimulatorProfile.Realistic, Seed = 5 };

    private static List<LabeledReading> Generate(SensorSimulatorOptions options, int count) =>
        new SensorSimulator(options).Generate(count).ToList();

    [Fact]
    public void The_same_options_give_the_same_readings() =>
        Assert.Equal(Generate(Realistic, 5000), Generate(Realistic, 5000));

    [Fact]
    public void Readings_are_quantized_so_consecutive_values_often_repeat_exactly()
    {
        var bySensor = Generate(Realistic, 40_000).GroupBy(r => r.Reading.SensorId).ToList();

        var repeats = bySensor.Sum(g => g.Zip(g.Skip(1)).Count(p => p.First.Reading.Power == p.Second.Reading.Power));
        var pairs = bySensor.Sum(g => g.Count() - 1);

        Assert.True(repeats > 0.05 * pairs, $"{repeats} exact repeats in {pairs} consecutive pairs");
        var defaultRepeats = Generate(new SensorSimulatorOptions { Seed = 5 }, 40_000).GroupBy(r => r.Reading.SensorId)
            .Sum(g => g.Zip(g.Skip(1)).Count(p => p.First.Reading.Power == p.Second.Reading.Power));
        Assert.True(defaultRepeats < 0.01 * pairs, $"default profile: {defaultRepeats} repeats");
    }

    [Fact]
    public void Sensors_are_on_scales_two_orders_of_magnitude_apart()
    {
        var medians = Generate(Realistic, 40_000).GroupBy(r => r.Reading.SensorId)
            .Select(g => g.Select(r => r.Reading.Power).Order().ElementAt(g.Count() / 2)).ToList();

        Assert.True(medians.Max() / Math.Max(1, medians.Min()) > 30, string.Join(", ", medians));
    }

    [Fact]
    public void Some_readings_are_missing_and_some_arrive_after_a_newer_one()
    {
        var options = Realistic with { SensorCount = 1 };
        var readings = Generate(options, 20_000);

        var late = readings.Zip(readings.Skip(1)).Count(p => p.Second.Reading.Timestamp < p.First.Reading.Timestamp);
        var span = readings.Max(r => r.Reading.Timestamp) - readings.Min(r => r.Reading.Timestamp);
        var expected = span / options.Interval + 1;

        Assert.InRange(late, 20, 200);
        Assert.True(expected > readings.Count * 1.003, $"{readings.Count} readings over {expected:F0} intervals: none missing");
    }

    [Fact]
    public void Anomalies_carry_ground_truth_of_every_kind()
    {
        var kinds = Generate(Realistic, 40_000).Where(r => r.Truth!.Value.IsAnomaly).GroupBy(r => r.Truth!.Value.Kind).ToDictionary(g => g.Key!.Value, g => g.Count());

        Assert.Equal(3, kinds.Count);
        Assert.All(kinds.Values, count => Assert.True(count > 50));
    }
}
