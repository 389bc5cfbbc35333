using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Pipeline.Tests;

public sealed class FeatureExtractorTests
{
    private static List<SensorReading> SimulatedReadings(int count, int sensors = 3) =>
        new SensorSimulator(new SensorSimulatorOptions { SensorCount = sensors, Seed = 7 })
            .Generate(count).Select(r => r.Reading).ToList();

    private static void AssertSameVector(FeatureVector expected, FeatureVector actual)
    {
        Assert.Equal(expected.ToArray(), actual.ToArray());
        Assert.Equal(expected.Context, actual.Context); // everything the scorer reads besides the model features
    }

    [Fact]
    public void Changing_a_later_reading_never_changes_an_earlier_vector()
    {
        var readings = SimulatedReadings(300, sensors: 1);
        var original = FeatureExtractor.Replay(readings);

        var altered = readings.ToList();
        for (var i = 151; i < altered.Count; i++)
        {
            altered[i] = altered[i] with { Power = altered[i].Power * 3, Temperature = altered[i].Temperature + 10 };
        }

        var replayed = FeatureExtractor.Replay(altered);

        for (var i = 0; i <= 150; i++)
        {
            AssertSameVector(original[i], replayed[i]);
        }

        Assert.NotEqual(original[151].ToArray(), replayed[151].ToArray());
    }

    [Fact]
    public void A_readings_own_power_is_not_in_its_vector()
    {
        var history = SimulatedReadings(100, sensors: 1);
        var current = history[^1];
        var past = history[..^1];

        FeatureVector VectorWithPower(double power)
        {
            var state = new SensorFeatureState();
            foreach (var reading in past)
            {
                state.Observe(reading);
            }

            return FeatureExtractor.Extract(state, current with { Power = power });
        }

        AssertSameVector(VectorWithPower(current.Power), VectorWithPower(99_999));
        AssertSameVector(VectorWithPower(current.Power), VectorWithPower(0));
    }

    // The next reading's vector from the whole history and from state warmed with only the last window of it.
    private static (FeatureVector FromFullHistory, FeatureVector FromWarmUp) FullHistoryAndWarmUp(List<SensorReading> readings)
    {
        var next = readings[^1];
        var history = readings[..^1];

        var fullHistory = new SensorFeatureState();
        history.ForEach(fullHistory.Observe);
        var warmedStore = new SensorStateStore();
        warmedStore.Warm(history.TakeLast(FeatureSchema.WarmupWindow));

        return (FeatureExtractor.Extract(fullHistory, next), FeatureExtractor.Extract(warmedStore, next));
    }

    [Fact]
    public void Warming_from_the_last_window_of_readings_reproduces_steady_state_features()
    {
        var (fromFullHistory, fromWarmUp) = FullHistoryAndWarmUp(SimulatedReadings(1000, sensors: 1));

        AssertSameVector(fromFullHistory, fromWarmUp);
        Assert.True(fromWarmUp.IsWarm);
    }

    [Fact]
    public void A_non_finite_power_that_has_left_the_window_leaves_no_trace()
    {
        var readings = SimulatedReadings(200, sensors: 1);
        readings[100] = readings[100] with { Power = double.NaN };

        var (fromFullHistory, fromWarmUp) = FullHistoryAndWarmUp(readings);

        AssertSameVector(fromFullHistory, fromWarmUp);
    }

    [Fact]
    public void A_vector_is_warm_only_once_the_window_is_full()
    {
        var readings = SimulatedReadings(FeatureSchema.WarmupWindow + 1, sensors: 1);

        var vectors = FeatureExtractor.Replay(readings);

        Assert.All(vectors[..FeatureSchema.WarmupWindow], v => Assert.False(v.IsWarm));
        Assert.True(vectors[^1].IsWarm);
        Assert.Equal(0, vectors[0].History);
    }

    [Fact]
    public void Sensors_keep_separate_state()
    {
        var readings = SimulatedReadings(400, sensors: 2);
        var mixed = FeatureExtractor.Replay(readings);

        var sensorA = readings.Where(r => r.SensorId == readings[0].SensorId).ToList();
        var alone = FeatureExtractor.Replay(sensorA);

        var mixedA = readings.Select((r, i) => (r, i)).Where(x => x.r.SensorId == readings[0].SensorId).Select(x => mixed[x.i]).ToList();
        for (var i = 0; i < alone.Count; i++)
        {
            AssertSameVector(alone[i], mixedA[i]);
        }
    }

    [Fact]
    public void Features_follow_the_schema_order()
    {
        var readings = SimulatedReadings(40, sensors: 1);
        var previous = readings[^2];
        var current = readings[^1] with { Timestamp = new DateTimeOffset(2025, 6, 1, 6, 0, 0, TimeSpan.Zero) };
        var vector = FeatureExtractor.Replay([.. readings[..^1], current])[^1];

        Assert.Equal(FeatureSchema.Count, FeatureSchema.Names.Length);
        Assert.Equal((float)current.Temperature, vector[FeatureSchema.Temperature]);
        Assert.Equal((float)current.Humidity, vector[FeatureSchema.Humidity]);
        Assert.Equal(1f, vector[FeatureSchema.HourSin], 5);  // 06:00 UTC is a quarter turn
        Assert.Equal(0f, vector[FeatureSchema.HourCos], 5);
        Assert.Equal((float)(current.Temperature - previous.Temperature), vector[FeatureSchema.TemperatureDelta], 4);
        Assert.Equal(previous.Power, vector.PreviousPower);
    }

    [Fact]
    public void Rolling_statistics_ignore_a_single_spike_in_the_window()
    {
        var steady = Enumerable.Range(0, FeatureSchema.WindowSize)
            .Select(i => new SensorReading("s", DateTimeOffset.UnixEpoch.AddMinutes(i + 1), 20, 50, 1000 + (i % 2 == 0 ? 5 : -5)))
            .ToList();
        var spiked = steady.ToList();
        spiked[10] = spiked[10] with { Power = 5000 };
        var next = new SensorReading("s", DateTimeOffset.UnixEpoch.AddHours(2), 20, 50, 1000);

        var clean = FeatureExtractor.Replay([.. steady, next])[^1];
        var withSpike = FeatureExtractor.Replay([.. spiked, next])[^1];

        Assert.Equal(clean.Context.Level, withSpike.Context.Level, 0);
        Assert.Equal(clean.Context.Unit, withSpike.Context.Unit, 0);
        Assert.Equal(clean[FeatureSchema.RelativeStd], withSpike[FeatureSchema.RelativeStd], 2);
    }

    [Fact]
    public void Extraction_does_not_allocate_per_reading()
    {
        var readings = SimulatedReadings(2000, sensors: 2);
        var store = new SensorStateStore();
        foreach (var reading in readings[..1000])
        {
            FeatureExtractor.Extract(store, reading);
        }

        var measured = readings[1000..];
        var before = GC.GetAllocatedBytesForCurrentThread();
        float sink = 0;
        foreach (var reading in measured)
        {
            sink += FeatureExtractor.Extract(store, reading)[0];
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sink > 0);
    }
}
