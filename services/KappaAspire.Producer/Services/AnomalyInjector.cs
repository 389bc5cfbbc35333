using System.Collections.Concurrent;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Simulation;
using Microsoft.Extensions.Options;

namespace KappaAspire.Producer.Services;

/// <summary>
/// Anomalies on demand (<c>POST /anomalies</c>), applied to the next readings of one sensor on their way to Kafka, and
/// labelled like the simulator's own: <b>spike</b> — one reading at 1.5–3× its power; <b>drift</b> — an offset growing by
/// 3–6 % of the power per reading; <b>stuck</b> — the power frozen while conditions move on. Drift and stuck last as long
/// as the simulator's episodes. Also the directory of sensors seen, so requests for unknown sensors are refused.
/// </summary>
public sealed class AnomalyInjector(IOptions<ProducerOptions> options)
{
    private static readonly SensorSimulatorOptions EpisodeDefaults = new();

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Episode> _episodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _sensors = new(StringComparer.Ordinal);
    private readonly Random _random = new(options.Value.Seed);
    private volatile int _episodeCount; // lets the hot path skip the lock when nothing is pending

    public int SensorCount => _sensors.Count;

    /// <summary>Sensor ids seen or registered, in order.</summary>
    public IReadOnlyList<string> SensorIds(int max) => _sensors.Keys.Order(StringComparer.Ordinal).Take(max).ToArray();

    public void RegisterSensors(IEnumerable<string> sensorIds)
    {
        foreach (var id in sensorIds)
        {
            _sensors.TryAdd(id, 0);
        }
    }

    public bool IsKnown(string sensorId) => _sensors.ContainsKey(sensorId);

    /// <summary>
    /// Schedules an anomaly on the next readings of <paramref name="sensorId"/>, replacing one not finished yet.
    /// </summary>
    /// <returns>How many readings it will affect.</returns>
    public int Inject(string sensorId, AnomalyKind kind)
    {
        lock (_gate)
        {
            var length = kind == AnomalyKind.Spike
                ? 1
                : _random.Next(EpisodeDefaults.MinEpisodeLength, EpisodeDefaults.MaxEpisodeLength + 1);
            _episodes[sensorId] = new Episode(kind, length);
            _episodeCount = _episodes.Count;
            return length;
        }
    }

    /// <summary>Notes the sensor and applies its requested anomaly, if any. Called by the producing loop only.</summary>
    public LabeledReading Apply(LabeledReading labeled)
    {
        var sensorId = labeled.Reading.SensorId;
        if (!_sensors.ContainsKey(sensorId))
        {
            _sensors.TryAdd(sensorId, 0);
        }

        if (_episodeCount == 0)
        {
            return labeled;
        }

        lock (_gate)
        {
            if (!_episodes.TryGetValue(sensorId, out var episode))
            {
                return labeled;
            }

            var power = episode.NextPower(labeled.Reading.Power, _random);
            if (episode.IsOver)
            {
                _episodes.Remove(sensorId);
                _episodeCount = _episodes.Count;
            }

            var reading = labeled.Reading with { Power = Math.Round(Math.Clamp(power, ReadingLimits.MinPower, ReadingLimits.MaxPower), 2) };
            return new LabeledReading(reading, GroundTruth.Anomaly(episode.Kind));
        }
    }

    private sealed class Episode(AnomalyKind kind, int length)
    {
        private int _step;
        private double _reference; // drift: power the offset is a share of; stuck: the frozen value
        private double _driftStep;

        public AnomalyKind Kind => kind;

        public bool IsOver => _step >= length;

        public double NextPower(double power, Random random)
        {
            if (_step++ == 0)
            {
                _reference = power;
                _driftStep = power * Uniform(random, 0.03, 0.06) * (random.Next(2) == 0 ? -1 : 1);
            }

            return kind switch
            {
                AnomalyKind.Spike => power * Uniform(random, 1.5, 3.0),
                AnomalyKind.Drift => power + _driftStep * _step,
                _ => _reference,
            };
        }

        private static double Uniform(Random random, double min, double max) => min + (max - min) * random.NextDouble();
    }
}
