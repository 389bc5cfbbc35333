using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace KappaAspire.Pipeline.Features;

/// <summary>Fixed-size inline storage for the model features, so a vector is a plain value with no heap allocation.</summary>
[InlineArray(FeatureSchema.Count)]
public struct FeatureValues
{
    private float _first;
}

/// <summary>
/// What the sensor's past says about the next reading, before its power is seen: besides the model features, the
/// window's level, jitter and trailing repeats, which the scorer compares the reading's power with.
/// </summary>
/// <param name="SensorId">The sensor: scoring looks up what is normal for it.</param>
/// <param name="Level">Robust mean of the past window's powers, in W: the sensor's recent level.</param>
/// <param name="Unit">What power features are relative to: the level, floored by the window's spread, in W.</param>
/// <param name="PreviousPower">The previous power in W (0 when there is none).</param>
/// <param name="TypicalStep">Median |Δ| between consecutive past powers in the window, in W: the sensor's recent jitter.</param>
/// <param name="History">Past readings in the window (at most <see cref="FeatureSchema.WindowSize"/>).</param>
/// <param name="PreviousRun">How many readings at the end of the window hold exactly the previous power (1 when the last two differ).</param>
/// <param name="Recent">The last <see cref="FeatureSchema.RecentWindow"/> − 1 past powers (fewer at cold start), oldest first, in W.</param>
/// <param name="Baseline">Median of the window's powers before those recent ones, in W: the level a shift is measured from.</param>
/// <param name="Course">Where those older powers' own trend carries the baseline by now, as an offset in W.</param>
public readonly record struct ScoringContext(
    string SensorId,
    double Level,
    double Unit,
    double PreviousPower,
    double TypicalStep,
    int History,
    int PreviousRun,
    RecentPowers Recent,
    double Baseline,
    double Course)
{
    internal static ScoringContext Create(string sensorId, double level, double unit, double previousPower, double typicalStep, int history, int previousRun, ReadOnlySpan<double> recent, double baseline, double course) =>
        new(sensorId, level, unit, previousPower, typicalStep, history, previousRun, RecentPowers.From(recent), baseline, course);

    /// <summary>Median of the recent past powers and <paramref name="power"/>: the sensor's level now, unmoved by one or two spikes.</summary>
    public double RecentMedian(double power)
    {
        Span<double> values = stackalloc double[FeatureSchema.RecentWindow];
        var recent = Recent.AsSpan(values);
        values[recent.Length] = power;
        return RobustStatistics.MedianInPlace(values[..(recent.Length + 1)]);
    }
}

/// <summary>Up to <see cref="FeatureSchema.RecentWindow"/> − 1 powers held inline, so a vector stays allocation-free.</summary>
public readonly record struct RecentPowers(double First, double Second, double Third, double Fourth, int Count)
{
    internal static RecentPowers From(ReadOnlySpan<double> values)
    {
        Span<double> padded = stackalloc double[4];
        values.CopyTo(padded);
        return new RecentPowers(padded[0], padded[1], padded[2], padded[3], values.Length);
    }

    /// <summary>Copies the powers into the start of <paramref name="destination"/> and returns that part.</summary>
    public Span<double> AsSpan(Span<double> destination)
    {
        destination[0] = First;
        destination[1] = Second;
        destination[2] = Third;
        destination[3] = Fourth;
        return destination[..Count];
    }
}

/// <summary>
/// What <see cref="FeatureExtractor"/> knows about a reading before seeing its power: the model features
/// (<see cref="Values"/>, in <see cref="FeatureSchema.Names"/> order) plus the <see cref="Context"/> the scorer needs.
/// </summary>
public readonly struct FeatureVector
{
    private readonly FeatureValues _values;

    public FeatureVector(ReadOnlySpan<float> values, ScoringContext context)
    {
        if (values.Length != FeatureSchema.Count)
        {
            throw new ArgumentException($"Expected {FeatureSchema.Count} features, got {values.Length}.", nameof(values));
        }

        values.CopyTo(_values);
        Context = context;
    }

    /// <summary>The model features in <see cref="FeatureSchema.Names"/> order.</summary>
    [UnscopedRef]
    public ReadOnlySpan<float> Values => _values;

    public float this[int index] => _values[index];

    public ScoringContext Context { get; }

    public string SensorId => Context.SensorId;

    /// <inheritdoc cref="ScoringContext.PreviousPower"/>
    public double PreviousPower => Context.PreviousPower;

    /// <inheritdoc cref="ScoringContext.TypicalStep"/>
    public double TypicalStep => Context.TypicalStep;

    /// <inheritdoc cref="ScoringContext.History"/>
    public int History => Context.History;

    /// <summary>True once the window is full: only then are the features those of steady state.</summary>
    public bool IsWarm => History >= FeatureSchema.WarmupWindow;

    public float[] ToArray() => Values.ToArray();
}
