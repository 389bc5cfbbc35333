using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Features;

/// <summary>
/// The one feature function, shared by training (replay of the log) and serving (live stream).
/// </summary>
public static class FeatureExtractor
{
    private const double SecondsPerDay = 86_400;

    /// <summary>
    /// Returns the features of <paramref name="reading"/> computed from the sensor's past only, then adds the
    /// reading to that past. Allocation-free; the reading's own power never enters its own vector.
    /// </summary>
    public static FeatureVector Extract(SensorFeatureState state, SensorReading reading)
    {
        var vector = Compute(state, reading);
        state.Observe(reading);
        return vector;
    }

    /// <inheritdoc cref="Extract(SensorFeatureState, SensorReading)"/>
    public static FeatureVector Extract(SensorStateStore store, SensorReading reading) =>
        Extract(store.GetOrCreate(reading.SensorId), reading);

    /// <summary>
    /// Replays readings in log order through fresh state and returns one vector per reading: what training does with the log.
    /// </summary>
    public static List<FeatureVector> Replay(IEnumerable<SensorReading> readings)
    {
        var store = new SensorStateStore();
        var vectors = new List<FeatureVector>();
        foreach (var reading in readings)
        {
            vectors.Add(Extract(store, reading));
        }

        return vectors;
    }

    private static FeatureVector Compute(SensorFeatureState state, SensorReading reading)
    {
        Span<double> powers = stackalloc double[FeatureSchema.WindowSize];
        Span<double> temperatures = stackalloc double[FeatureSchema.WindowSize];
        powers = state.CopyPowers(powers);
        temperatures = state.CopyTemperatures(temperatures);

        var (mean, std) = RobustStatistics.TrimmedMeanStd(powers);
        var previous = state.Previous;

        var secondOfDay = reading.Timestamp.UtcDateTime.TimeOfDay.TotalSeconds;
        var angle = 2 * Math.PI * secondOfDay / SecondsPerDay;

        Span<float> values = stackalloc float[FeatureSchema.Count];
        values[FeatureSchema.Temperature] = (float)reading.Temperature;
        values[FeatureSchema.Humidity] = (float)reading.Humidity;
        values[FeatureSchema.HourSin] = (float)Math.Sin(angle);
        values[FeatureSchema.HourCos] = (float)Math.Cos(angle);
        values[FeatureSchema.RollingMeanPower] = (float)mean;
        values[FeatureSchema.RollingStdPower] = (float)std;
        values[FeatureSchema.TemperatureDelta] = previous is null ? 0f : (float)(reading.Temperature - previous.Temperature);
        values[FeatureSchema.TemperatureVsWindow] = temperatures.IsEmpty ? 0f : (float)(reading.Temperature - Mean(temperatures));

        return new FeatureVector(values, previous?.Power ?? 0, TypicalStep(powers), powers.Length);
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Length;
    }

    // Median |Δ| between consecutive past powers: the sensor's own jitter, insensitive to slow trends and single spikes.
    private static double TypicalStep(ReadOnlySpan<double> powers)
    {
        if (powers.Length < 2)
        {
            return 0;
        }

        Span<double> steps = stackalloc double[powers.Length - 1];
        for (var i = 1; i < powers.Length; i++)
        {
            steps[i - 1] = Math.Abs(powers[i] - powers[i - 1]);
        }

        return RobustStatistics.MedianInPlace(steps);
    }
}
