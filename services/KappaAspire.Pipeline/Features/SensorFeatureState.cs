using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Features;

/// <summary>
/// One sensor's past: the last <see cref="FeatureSchema.WindowSize"/> readings in a ring buffer.
/// Statistics are recomputed from the window on each call rather than kept as running sums, so they depend
/// only on the window's contents: that is what makes warm-up from the last <see cref="FeatureSchema.WarmupWindow"/>
/// readings reproduce the full-history state exactly. Not thread-safe: one owner per sensor (per partition).
/// </summary>
public sealed class SensorFeatureState
{
    private readonly double[] _power = new double[FeatureSchema.WindowSize];
    private readonly double[] _temperature = new double[FeatureSchema.WindowSize];
    private int _next;

    /// <summary>Number of readings in the window (grows to <see cref="FeatureSchema.WindowSize"/>).</summary>
    public int Count { get; private set; }

    /// <summary>The last reading observed, or null before the first.</summary>
    public SensorReading? Previous { get; private set; }

    /// <summary>Adds a reading to the past. Call after its features are taken (see <see cref="FeatureExtractor.Extract(SensorFeatureState, SensorReading)"/>).</summary>
    public void Observe(SensorReading reading)
    {
        _power[_next] = reading.Power;
        _temperature[_next] = reading.Temperature;
        _next = (_next + 1) % FeatureSchema.WindowSize;
        Count = Math.Min(Count + 1, FeatureSchema.WindowSize);
        Previous = reading;
    }

    /// <summary>Copies the window's powers, oldest first, into <paramref name="destination"/> and returns the filled part.</summary>
    internal Span<double> CopyPowers(Span<double> destination) => CopyChronological(_power, destination);

    /// <summary>Copies the window's temperatures, oldest first, into <paramref name="destination"/> and returns the filled part.</summary>
    internal Span<double> CopyTemperatures(Span<double> destination) => CopyChronological(_temperature, destination);

    // Always oldest first: sums over the window must add in the same order however the ring has rotated,
    // or warm-up and full history would differ in the last bit.
    private Span<double> CopyChronological(double[] ring, Span<double> destination)
    {
        // Before the ring wraps, the oldest value is at 0; after, it is at _next.
        var start = Count < FeatureSchema.WindowSize ? 0 : _next;
        for (var i = 0; i < Count; i++)
        {
            destination[i] = ring[(start + i) % FeatureSchema.WindowSize];
        }

        return destination[..Count];
    }
}
