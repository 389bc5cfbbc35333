using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Simulation;

/// <summary>
/// Deterministic fleet of power sensors with injected, labelled anomalies. Readings come round-robin over the
/// sensors, each sensor advancing by <see cref="SensorSimulatorOptions.Interval"/>, staggered so timestamps never go back.
/// </summary>
/// <remarks>
/// Per sensor: temperature follows a daily cycle plus slow weather and measurement noise; humidity moves against
/// temperature; power = base load + cooling per degree above the set point, with noise proportional to the load.
/// Anomalies: <b>spike</b> — one reading at 1.5–3× the load; <b>drift</b> — an offset growing by 3–6 % of the load per
/// reading, up or down, for an episode; <b>stuck</b> — the last value repeated for an episode while conditions move on.
/// Episode kinds are drawn so each kind accounts for about a third of the anomalous readings.
/// </remarks>
public sealed class SensorSimulator
{
    private readonly SensorSimulatorOptions _options;
    private readonly Sensor[] _sensors;
    private readonly double _episodeStartProbability;
    private readonly double[] _kindWeights; // cumulative, spike / drift / stuck
    private long _produced;

    public SensorSimulator(SensorSimulatorOptions? options = null)
    {
        _options = options ?? new SensorSimulatorOptions();
        _options.Validate();
        _sensors = Enumerable.Range(0, _options.SensorCount)
            .Select(i => new Sensor($"{_options.SensorIdPrefix}{i + 1:D2}", new Random(SensorSeed(_options.Seed, i))))
            .ToArray();

        // Kind weights ∝ 1 / episode length make each kind about a third of anomalous readings;
        // the start probability then makes anomalous readings about AnomalyRate of all.
        var episodeLength = (_options.MinEpisodeLength + _options.MaxEpisodeLength) / 2.0;
        var inverse = new[] { 1.0, 1 / episodeLength, 1 / episodeLength };
        var sum = inverse.Sum();
        _kindWeights = [inverse[0] / sum, (inverse[0] + inverse[1]) / sum, 1];
        var meanLength = 3 / sum;
        _episodeStartProbability = _options.AnomalyRate / (meanLength * (1 - _options.AnomalyRate));
    }

    public SensorSimulatorOptions Options => _options;

    public IReadOnlyList<string> SensorIds => _sensors.Select(s => s.Id).ToArray();

    /// <summary>The next reading of the fleet.</summary>
    public LabeledReading Next()
    {
        var index = (int)(_produced % _sensors.Length);
        var round = _produced / _sensors.Length;
        _produced++;
        var timestamp = _options.Start + _options.Interval * round + _options.Interval * index / _sensors.Length;
        return _sensors[index].Read(timestamp, this);
    }

    /// <summary>The next <paramref name="count"/> readings, lazily.</summary>
    public IEnumerable<LabeledReading> Generate(long count)
    {
        for (long i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    // HashCode.Combine is randomized per process, so mix the seed by hand: same options, same readings, on every run.
    private static int SensorSeed(int seed, int sensor) => unchecked((seed * 1_000_003) ^ (sensor * 7_919 + 17));

    private sealed class Sensor(string id, Random random)
    {
        private readonly double _baseLoad = Uniform(random, 800, 3000);          // W
        private readonly double _coolingPerDegree = Uniform(random, 80, 200);    // W per °C above the set point
        private readonly double _meanTemperature = Uniform(random, 20, 27);      // °C
        private readonly double _dailyAmplitude = Uniform(random, 3, 7);         // °C
        private readonly double _peakHour = Uniform(random, 13, 17);             // UTC
        private readonly double _meanHumidity = Uniform(random, 40, 60);         // %RH
        private double _weather;                                                 // slow deviation from the daily cycle, °C
        private double? _lastPower;
        private AnomalyKind? _episode;
        private int _episodeLeft;
        private int _episodeStep;
        private double _driftStep;

        public string Id => id;

        public LabeledReading Read(DateTimeOffset timestamp, SensorSimulator fleet)
        {
            var options = fleet._options;
            var hour = timestamp.UtcDateTime.TimeOfDay.TotalHours;
            _weather = 0.98 * _weather + Gaussian(random) * 0.05;
            var airTemperature = _meanTemperature + _dailyAmplitude * Math.Cos(2 * Math.PI * (hour - _peakHour) / 24) + _weather;
            var temperature = airTemperature + Gaussian(random) * 0.15;
            var humidity = Math.Clamp(_meanHumidity - 2 * (airTemperature - _meanTemperature) + Gaussian(random) * 1.5, 5, 95);
            var load = _baseLoad + _coolingPerDegree * Math.Max(0, airTemperature - options.CoolingSetPoint);
            var power = load * (1 + Gaussian(random) * options.PowerNoise);

            var truth = GroundTruth.Normal;
            if (_episode is null && _lastPower is not null && random.NextDouble() < fleet._episodeStartProbability)
            {
                StartEpisode(fleet);
            }

            if (_episode is { } kind)
            {
                truth = GroundTruth.Anomaly(kind);
                _episodeStep++;
                power = kind switch
                {
                    AnomalyKind.Spike => load * Uniform(random, 1.5, 3.0),
                    AnomalyKind.Drift => power + _driftStep * _episodeStep,
                    _ => _lastPower!.Value,
                };
                if (--_episodeLeft == 0)
                {
                    _episode = null;
                }
            }

            power = Math.Round(Math.Clamp(power, 0, ReadingLimits.MaxPower), 2);
            _lastPower = power;
            var reading = new SensorReading(id, timestamp, Math.Round(temperature, 2), Math.Round(humidity, 1), power);
            return new LabeledReading(reading, truth);
        }

        private void StartEpisode(SensorSimulator fleet)
        {
            var options = fleet._options;
            var pick = random.NextDouble();
            _episode = pick < fleet._kindWeights[0] ? AnomalyKind.Spike : pick < fleet._kindWeights[1] ? AnomalyKind.Drift : AnomalyKind.Stuck;
            _episodeLeft = _episode == AnomalyKind.Spike ? 1 : random.Next(options.MinEpisodeLength, options.MaxEpisodeLength + 1);
            _episodeStep = 0;
            _driftStep = _baseLoad * Uniform(random, 0.03, 0.06) * (random.Next(2) == 0 ? -1 : 1);
        }

        private static double Uniform(Random random, double min, double max) => min + (max - min) * random.NextDouble();

        // Box–Muller: a standard normal draw from two uniforms.
        private static double Gaussian(Random random) =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
