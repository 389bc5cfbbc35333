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
/// What <see cref="FeatureExtractor"/> knows about a reading before seeing its power: the model features
/// (<see cref="Values"/>, in <see cref="FeatureSchema.Names"/> order) plus the scoring context that compares the
/// reading's power with the recent past.
/// </summary>
public readonly struct FeatureVector
{
    private readonly FeatureValues _values;

    public FeatureVector(ReadOnlySpan<float> values, double previousPower, double typicalStep, int history)
    {
        if (values.Length != FeatureSchema.Count)
        {
            throw new ArgumentException($"Expected {FeatureSchema.Count} features, got {values.Length}.", nameof(values));
        }

        values.CopyTo(_values);
        PreviousPower = previousPower;
        TypicalStep = typicalStep;
        History = history;
    }

    /// <summary>The model features in <see cref="FeatureSchema.Names"/> order.</summary>
    [UnscopedRef]
    public ReadOnlySpan<float> Values => _values;

    public float this[int index] => _values[index];

    /// <summary>The sensor's previous power in W (0 when there is none): lets the scorer spot a sensor repeating itself.</summary>
    public double PreviousPower { get; }

    /// <summary>Median absolute change of power between consecutive past readings in the window, in W: the sensor's normal jitter.</summary>
    public double TypicalStep { get; }

    /// <summary>How many past readings of this sensor the window held (at most <see cref="FeatureSchema.WindowSize"/>).</summary>
    public int History { get; }

    /// <summary>True once the window is full: only then are the features those of steady state.</summary>
    public bool IsWarm => History >= FeatureSchema.WarmupWindow;

    public float[] ToArray() => Values.ToArray();
}
