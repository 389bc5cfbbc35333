using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Pipeline.Tests;

public sealed class SensorSimulatorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_readings()
    {
        var first = new SensorSimulator(new SensorSimulatorOptions { Seed = 5 }).Generate(5000).ToList();
        var second = new SensorSimulator(new SensorSimulatorOptions { Seed = 5 }).Generate(5000).ToList();
        var other = new SensorSimulator(new SensorSimulatorOptions { Seed = 6 }).Generate(5000).ToList();

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Readings_cycle_over_the_sensors_with_advancing_time()
    {
        var options = new SensorSimulatorOptions { SensorCount = 20, Interval = TimeSpan.FromMinutes(1) };
        var readings = new SensorSimulator(options).Generate(20 * 100).Select(r => r.Reading).ToList();

        Assert.Equal(20, readings.Select(r => r.SensorId).Distinct().Count());
        Assert.All(readings.Zip(readings.Skip(1)), pair => Assert.True(pair.Second.Timestamp > pair.First.Timestamp));
        var sensor = readings.Where(r => r.SensorId == readings[0].SensorId).ToList();
        Assert.All(sensor.Zip(sensor.Skip(1)), pair => Assert.Equal(options.Interval, pair.Second.Timestamp - pair.First.Timestamp));
        Assert.Equal(options.Start, readings[0].Timestamp);
    }

    [Fact]
    public void Every_reading_passes_validation()
    {
        foreach (var labeled in new SensorSimulator().Generate(50_000))
        {
            // The producer sends a simulated reading as it is taken: its record carries the same time.
            Assert.Null(ReadingValidator.Validate(labeled.Reading, recordTimestamp: labeled.Reading.Timestamp));
        }
    }

    [Fact]
    public void About_one_percent_of_readings_are_anomalies_of_every_kind()
    {
        var truths = new SensorSimulator().Generate(200_000).Select(r => r.Truth!.Value).ToList();

        var anomalies = truths.Where(t => t.IsAnomaly).ToList();
        Assert.InRange((double)anomalies.Count / truths.Count, 0.006, 0.014);
        foreach (var kind in Enum.GetValues<AnomalyKind>())
        {
            Assert.InRange((double)anomalies.Count(a => a.Kind == kind) / anomalies.Count, 0.2, 0.47);
        }
    }

    [Fact]
    public void Anomaly_rate_is_configurable()
    {
        var truths = new SensorSimulator(new SensorSimulatorOptions { AnomalyRate = 0.05 }).Generate(100_000).Select(r => r.Truth!.Value);

        Assert.InRange(truths.Count(t => t.IsAnomaly) / 100_000.0, 0.04, 0.06);
        Assert.DoesNotContain(new SensorSimulator(new SensorSimulatorOptions { AnomalyRate = 0 }).Generate(20_000), r => r.Truth!.Value.IsAnomaly);
    }

    [Fact]
    public void A_stuck_sensor_repeats_its_power_while_temperature_moves()
    {
        var bySensor = new SensorSimulator().Generate(200_000).GroupBy(r => r.Reading.SensorId);
        var stuckRuns = 0;
        foreach (var sensor in bySensor)
        {
            var readings = sensor.ToList();
            for (var i = 1; i < readings.Count; i++)
            {
                if (readings[i].Truth!.Value.Kind == AnomalyKind.Stuck)
                {
                    Assert.Equal(readings[i - 1].Reading.Power, readings[i].Reading.Power);
                    stuckRuns++;
                }
            }
        }

        Assert.True(stuckRuns > 100);
    }

    [Fact]
    public void A_drift_moves_power_away_from_normal_step_by_step()
    {
        var readings = new SensorSimulator().Generate(200_000).Where(r => r.Reading.SensorId == "sensor-01").ToList();
        var start = readings.FindIndex(r => r.Truth!.Value.Kind == AnomalyKind.Drift);
        var end = readings.FindIndex(start, r => r.Truth!.Value.Kind != AnomalyKind.Drift);
        Assert.True(start > 0 && end - start >= 6);

        var baseline = readings[start - 1].Reading.Power;
        var offsets = readings[start..end].Select(r => Math.Abs(r.Reading.Power - baseline)).ToList();
        Assert.True(offsets[^1] > 4 * offsets[0], $"the offset should grow: {string.Join(", ", offsets.Select(o => o.ToString("F0")))}");
    }

    [Fact]
    public void Power_rises_with_temperature_above_the_set_point()
    {
        var readings = new SensorSimulator(new SensorSimulatorOptions { AnomalyRate = 0 }).Generate(100_000).Select(r => r.Reading).ToList();

        var sensor = readings.Where(r => r.SensorId == "sensor-03").ToList();
        var cool = sensor.Where(r => r.Temperature < 20).Average(r => r.Power);
        var hot = sensor.Where(r => r.Temperature > 26).Average(r => r.Power);
        Assert.True(hot > cool * 1.1, $"hot {hot:F0} W vs cool {cool:F0} W");
        Assert.True(readings.Select(r => r.Humidity).Distinct().Count() > 100);
    }
}
