using System.Diagnostics.CodeAnalysis;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Features;

/// <summary>
/// Per-sensor feature state for one stream processor (trainer replay or one inference consumer).
/// Not thread-safe: readings of a sensor arrive in order on one partition, so give each consumer loop its own store.
/// </summary>
public sealed class SensorStateStore
{
    private readonly Dictionary<string, SensorFeatureState> _states = new(StringComparer.Ordinal);

    public int Count => _states.Count;

    public IEnumerable<string> SensorIds => _states.Keys;

    public SensorFeatureState GetOrCreate(string sensorId)
    {
        if (!_states.TryGetValue(sensorId, out var state))
        {
            state = new SensorFeatureState();
            _states.Add(sensorId, state);
        }

        return state;
    }

    public bool TryGet(string sensorId, [MaybeNullWhen(false)] out SensorFeatureState state) => _states.TryGetValue(sensorId, out state);

    /// <summary>
    /// Rebuilds state from recent history (e.g. the last <see cref="FeatureSchema.WarmupWindow"/> readings per sensor,
    /// read back from the log on start) without producing vectors.
    /// </summary>
    public void Warm(IEnumerable<SensorReading> recentReadings)
    {
        foreach (var reading in recentReadings)
        {
            GetOrCreate(reading.SensorId).Observe(reading);
        }
    }

    public void Clear() => _states.Clear();
}
