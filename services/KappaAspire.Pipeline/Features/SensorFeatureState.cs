using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Features;

/// <summary>
/// One sensor's past: the last <see cref="FeatureSchema.WindowSize"/> readings, their powers also sorted, and the
/// changes between consecutive powers (sorted too), so the features' medians are read rather than selected.
/// Every statistic depends only on the window's contents: that is what makes warm-up from the last
/// <see cref="FeatureSchema.WarmupWindow"/> readings reproduce the full-history state exactly. Not thread-safe: one
/// owner per sensor (per partition).
/// </summary>
public sealed class SensorFeatureState
{
    private readonly SortedWindow _power = new(FeatureSchema.WindowSize);
    private readonly SortedWindow _steps = new(FeatureSchema.WindowSize - 1);
    private readonly ChronologicalRing _temperature = new(FeatureSchema.WindowSize);

    /// <summary>Number of readings in the window (grows to <see cref="FeatureSchema.WindowSize"/>).</summary>
    public int Count => _power.Count;

    /// <summary>The last reading observed, or null before the first.</summary>
    public SensorReading? Previous { get; private set; }

    /// <summary>Adds a reading to the past. Call after its features are taken (see <see cref="FeatureExtractor.Extract(SensorFeatureState, SensorReading)"/>).</summary>
    public void Observe(SensorReading reading)
    {
        if (Previous is not null)
        {
            // The window's steps are those between its consecutive powers: the oldest leaves with the oldest power.
            _steps.Add(Math.Abs(reading.Power - Previous.Power));
        }

        _power.Add(reading.Power);
        _temperature.Add(reading.Temperature, out _);
        Previous = reading;
    }

    /// <summary>The window's powers in ascending order; all of them only while <see cref="IsOrdered"/>.</summary>
    internal ReadOnlySpan<double> SortedPowers => _power.Sorted;

    /// <summary>|Δ| between the window's consecutive powers, ascending.</summary>
    internal ReadOnlySpan<double> SortedSteps => _steps.Sorted;

    /// <summary>Whether the sorted views hold every value: false while a non-finite power is in the window.</summary>
    internal bool IsOrdered => _power.IsOrdered && _steps.IsOrdered;

    /// <summary>Copies the window's powers, oldest first, into <paramref name="destination"/> and returns the filled part.</summary>
    internal Span<double> CopyPowers(Span<double> destination) => _power.CopyChronological(destination);

    /// <summary>Copies the window's temperatures, oldest first, into <paramref name="destination"/> and returns the filled part.</summary>
    internal Span<double> CopyTemperatures(Span<double> destination) => _temperature.CopyChronological(destination);
}
