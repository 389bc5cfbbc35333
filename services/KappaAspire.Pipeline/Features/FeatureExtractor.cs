using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Features;

/// <summary>
/// The one feature function, shared by training (replay of the log) and serving (live stream).
/// </summary>
public static class FeatureExtractor
{
    private const double SecondsPerDay = 86_400;

    /// <summary>Smallest unit power features are taken relative to, in W: an idle sensor (level and spread 0) must not divide by zero.</summary>
    public const double MinimumUnit = 1e-6;

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

        var recentCount = Math.Min(FeatureSchema.RecentWindow - 1, powers.Length);
        var recent = powers[^recentCount..];
        // The window's medians read off its sorted powers and steps; selected from the powers only while a non-finite
        // power (which has no order) is in the window. Both give the same numbers.
        var ordered = state.IsOrdered;
        var (level, std) = ordered ? RobustStatistics.TrimmedMeanStd(powers, state.SortedPowers) : RobustStatistics.TrimmedMeanStd(powers);
        var step = powers.Length < 2 ? 0 : ordered ? RobustStatistics.MedianOfSorted(state.SortedSteps) : TypicalStep(powers);
        var baseline = !ordered ? Baseline(powers, recentCount)
            : powers.Length > recentCount ? RobustStatistics.MedianOfSortedExcept(state.SortedPowers, recent)
            : RobustStatistics.MedianOfSorted(state.SortedPowers);
        var unit = Math.Max(Math.Max(Math.Abs(level), 3 * std), MinimumUnit);
        var previous = state.Previous;
        var dayAngle = 2 * Math.PI * reading.Timestamp.UtcDateTime.TimeOfDay.TotalSeconds / SecondsPerDay;

        Span<float> values = stackalloc float[FeatureSchema.Count];
        values[FeatureSchema.Temperature] = (float)reading.Temperature;
        values[FeatureSchema.Humidity] = (float)reading.Humidity;
        values[FeatureSchema.HourSin] = (float)Math.Sin(dayAngle);
        values[FeatureSchema.HourCos] = (float)Math.Cos(dayAngle);
        values[FeatureSchema.LogLevel] = (float)Math.Log10(unit);
        values[FeatureSchema.RelativeStd] = (float)(std / unit);
        values[FeatureSchema.RelativeStep] = (float)(step / unit);
        values[FeatureSchema.PreviousVsLevel] = previous is null ? 0f : (float)((previous.Power - level) / unit);
        values[FeatureSchema.RecentVsLevel] = recentCount == 0 ? 0f : (float)((Sum(recent) / recentCount - level) / unit);
        values[FeatureSchema.TemperatureDelta] = previous is null ? 0f : (float)(reading.Temperature - previous.Temperature);
        values[FeatureSchema.TemperatureVsWindow] = temperatures.IsEmpty ? 0f : (float)(reading.Temperature - Sum(temperatures) / temperatures.Length);

        var context = ScoringContext.Create(
            reading.SensorId,
            level,
            unit,
            previous?.Power ?? 0,
            step,
            powers.Length,
            TrailingRun(powers),
            recent,
            baseline,
            Course(powers, recentCount));
        return new FeatureVector(values, context);
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }

    // Median |Δ| between consecutive past powers: the sensor's own jitter, insensitive to slow trends and single spikes.
    private static double TypicalStep(ReadOnlySpan<double> powers)
    {
        Span<double> steps = stackalloc double[powers.Length - 1];
        for (var i = 1; i < powers.Length; i++)
        {
            steps[i - 1] = Math.Abs(powers[i] - powers[i - 1]);
        }

        return RobustStatistics.MedianInPlace(steps);
    }

    // How many readings at the end of the window repeat the last one exactly (capped by the window).
    private static int TrailingRun(ReadOnlySpan<double> powers)
    {
        if (powers.IsEmpty)
        {
            return 0;
        }

        var last = powers[^1];
        var run = 1;
        while (run < powers.Length && powers[^(run + 1)] == last)
        {
            run++;
        }

        return run;
    }

    // The level before the recent readings, so a shift in progress is measured against where the sensor was.
    private static double Baseline(ReadOnlySpan<double> powers, int recentCount) =>
        Median(powers.Length > recentCount ? powers[..^recentCount] : powers);

    // How far the older readings' own course (the median change across half of them) carries the baseline to now: a
    // load following the daily cycle then does not read as a shift. A median, so a spike or a short episode moves
    // only a few of the changes it is taken from.
    private static double Course(ReadOnlySpan<double> powers, int recentCount)
    {
        var older = powers.Length > recentCount ? powers[..^recentCount] : powers;
        if (older.Length < 8)
        {
            return 0;
        }

        var half = older.Length / 2;
        Span<double> changes = stackalloc double[older.Length - half];
        for (var i = 0; i < changes.Length; i++)
        {
            changes[i] = older[i + half] - older[i];
        }

        var slope = RobustStatistics.MedianInPlace(changes) / half;
        return slope * ((older.Length + 1) / 2.0 + recentCount / 2.0);
    }

    private static double Median(ReadOnlySpan<double> values)
    {
        Span<double> scratch = stackalloc double[values.Length];
        values.CopyTo(scratch);
        return RobustStatistics.MedianInPlace(scratch);
    }
}
