using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Simulation;

/// <summary>
/// Deterministic fleet of power sensors with injected, labelled anomalies. Readings come round-robin over the
/// sensors, each sensor advancing by <see cref="SensorSimulatorOptions.Interval"/>, staggered so timestamps never go back
/// (except for the <see cref="SimulatorProfile.Realistic"/> profile's late readings; see <see cref="RealisticSensor"/>).
/// </summary>
/// <remarks>
/// Default profile, per sensor: temperature follows a daily cycle plus slow weather and measurement noise; humidity moves against
/// temperature; power = base load + cooling per degree above the set point, with noise proportional to the load.
/// Anomalies: <b>spike</b> — one reading at 1.5–3× the load; <b>drift</b> — an offset growing by 3–6 % of the load per
/// reading, up or down, for an episode; <b>stuck</b> — the last value repeated for an episode while conditions move on.
/// Episode kinds are drawn so each kind accounts for about a third of the anomalous readings.
/// </remarks>
public sealed class SensorSimulator
{
    private readonly SensorSimulatorOptions _options;
    private readonly ISimulatedSensor[] _sensors;
    private readonly List<LabeledReading> _ready = [];
    private int _readyIndex;
    private long _ticks;

    public SensorSimulator(SensorSimulatorOptions? options = null)
    {
        _options = options ?? new SensorSimulatorOptions();
        _options.Validate();
        var episodes = AnomalyEpisodes.Settings.For(_options);
        _sensors = Enumerable.Range(0, _options.SensorCount)
            .Select(i => CreateSensor($"{_options.SensorIdPrefix}{i + 1:D2}", new Random(SensorSeed(_options.Seed, i)), episodes))
            .ToArray();
    }

    private ISimulatedSensor CreateSensor(string id, Random random, AnomalyEpisodes.Settings episodes) => _options.Profile switch
    {
        SimulatorProfile.Realistic => new RealisticSensor(id, random, episodes),
        _ => new Sensor(id, random, episodes),
    };

    public SensorSimulatorOptions Options => _options;

    public IReadOnlyList<string> SensorIds => _sensors.Select(s => s.Id).ToArray();

    /// <summary>The next reading of the fleet.</summary>
    public LabeledReading Next()
    {
        // A sensor's turn may yield no reading (missing) or two (one held back arriving late), so buffer them.
        while (_readyIndex == _ready.Count)
        {
            _ready.Clear();
            _readyIndex = 0;
            var index = (int)(_ticks % _sensors.Length);
            var round = _ticks / _sensors.Length;
            _ticks++;
            var timestamp = _options.Start + _options.Interval * round + _options.Interval * index / _sensors.Length;
            _sensors[index].Read(timestamp, _options, _ready);
        }

        return _ready[_readyIndex++];
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

    private sealed class Sensor(string id, Random random, AnomalyEpisodes.Settings episodes) : ISimulatedSensor
    {
        private readonly double _baseLoad = Uniform(random, 800, 3000);          // W
        private readonly double _coolingPerDegree = Uniform(random, 80, 200);    // W per °C above the set point
        private readonly double _meanTemperature = Uniform(random, 20, 27);      // °C
        private readonly double _dailyAmplitude = Uniform(random, 3, 7);         // °C
        private readonly double _peakHour = Uniform(random, 13, 17);             // UTC
        private readonly double _meanHumidity = Uniform(random, 40, 60);         // %RH
        private readonly AnomalyEpisodes _anomalies = new(random, episodes);
        private double _weather;                                                 // slow deviation from the daily cycle, °C
        private double? _lastPower;

        public string Id => id;

        public void Read(DateTimeOffset timestamp, SensorSimulatorOptions options, List<LabeledReading> output)
        {
            var hour = timestamp.UtcDateTime.TimeOfDay.TotalHours;
            _weather = 0.98 * _weather + Gaussian(random) * 0.05;
            var airTemperature = _meanTemperature + _dailyAmplitude * Math.Cos(2 * Math.PI * (hour - _peakHour) / 24) + _weather;
            var temperature = airTemperature + Gaussian(random) * 0.15;
            var humidity = Math.Clamp(_meanHumidity - 2 * (airTemperature - _meanTemperature) + Gaussian(random) * 1.5, 5, 95);
            var load = _baseLoad + _coolingPerDegree * Math.Max(0, airTemperature - options.CoolingSetPoint);
            var power = load * (1 + Gaussian(random) * options.PowerNoise);
            var truth = _anomalies.Apply(ref power, load, _baseLoad, _lastPower, spike: (1.5, 3.0));

            power = Math.Round(Math.Clamp(power, 0, ReadingLimits.MaxPower), 2);
            _lastPower = power;
            output.Add(new LabeledReading(new SensorReading(id, timestamp, Math.Round(temperature, 2), Math.Round(humidity, 1), power), truth));
        }
    }

    internal static double Uniform(Random random, double min, double max) => min + (max - min) * random.NextDouble();

    // Box–Muller: a standard normal draw from two uniforms.
    internal static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
