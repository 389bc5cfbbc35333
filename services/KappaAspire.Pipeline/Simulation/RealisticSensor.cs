using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Simulation;

/// <summary>
/// A meter as real sites have them, for <see cref="SimulatorProfile.Realistic"/>: what makes a detector tuned on clean
/// simulated data fail in the field. Per sensor:
/// <list type="bullet">
/// <item>a scale from 50 W to 20 kW (log-uniform) and a meter resolution to match (readings are multiples of it, so
/// consecutive readings often repeat exactly, at night more than by day);</item>
/// <item>occupancy: a working-day profile, lower at weekends (daily and weekly cycles);</item>
/// <item>HVAC load following temperature on about two sites in three; the others' temperature and humidity say nothing
/// about their power;</item>
/// <item>appliance bursts: normal, unlabelled steps up of 20–150 % of the base load lasting 3–30 readings;</item>
/// <item>heavy-tailed noise (a tenth of readings three times noisier);</item>
/// <item>missing readings (single drops and outages) and late ones, sent after a newer reading.</item>
/// </list>
/// Anomalies, with ground truth, come from <see cref="AnomalyEpisodes"/>; spikes here are 3–6× the load.
/// </summary>
internal sealed class RealisticSensor : ISimulatedSensor
{
    private readonly Random _random;
    private readonly double _baseLoad;
    private readonly double _resolution;
    private readonly double _coolingPerDegree;
    private readonly double _meanTemperature;
    private readonly double _dailyAmplitude;
    private readonly double _peakHour;
    private readonly double _meanHumidity;
    private readonly double _burstRate;
    private readonly AnomalyEpisodes _anomalies;
    private double _weather;
    private double? _lastPower;
    private int _burstLeft;
    private double _burstLoad;
    private int _outageLeft;
    private LabeledReading? _late;

    public RealisticSensor(string id, Random random, AnomalyEpisodes.Settings episodes)
    {
        Id = id;
        _random = random;
        _baseLoad = Math.Exp(SensorSimulator.Uniform(random, Math.Log(50), Math.Log(20_000)));
        // A resolution of about a hundredth of the base load, rounded to 1, 2 or 5 × a power of ten, as meters display.
        var decade = Math.Pow(10, Math.Floor(Math.Log10(_baseLoad / 100)));
        _resolution = decade * (random.Next(3) switch { 0 => 1, 1 => 2, _ => 5 });
        _coolingPerDegree = random.NextDouble() < 2.0 / 3 ? _baseLoad * SensorSimulator.Uniform(random, 0.03, 0.1) : 0;
        _meanTemperature = SensorSimulator.Uniform(random, 18, 28);
        _dailyAmplitude = SensorSimulator.Uniform(random, 2, 8);
        _peakHour = SensorSimulator.Uniform(random, 13, 17);
        _meanHumidity = SensorSimulator.Uniform(random, 35, 65);
        _burstRate = SensorSimulator.Uniform(random, 1 / 400.0, 1 / 60.0);
        _anomalies = new AnomalyEpisodes(random, episodes);
    }

    public string Id { get; }

    public void Read(DateTimeOffset timestamp, SensorSimulatorOptions options, List<LabeledReading> output)
    {
        var time = timestamp.UtcDateTime;
        var hour = time.TimeOfDay.TotalHours;
        _weather = 0.98 * _weather + SensorSimulator.Gaussian(_random) * 0.05;
        var airTemperature = _meanTemperature + _dailyAmplitude * Math.Cos(2 * Math.PI * (hour - _peakHour) / 24) + _weather;
        var temperature = airTemperature + SensorSimulator.Gaussian(_random) * 0.2;
        var humidity = Math.Clamp(_meanHumidity - 2 * (airTemperature - _meanTemperature) + SensorSimulator.Gaussian(_random) * 2, 5, 95);

        var occupancy = Occupancy(time);
        var load = _baseLoad * (0.35 + 0.65 * occupancy)
            + _coolingPerDegree * Math.Max(0, airTemperature - options.CoolingSetPoint) * (0.3 + 0.7 * occupancy)
            + Burst();
        var noise = SensorSimulator.Gaussian(_random) * options.PowerNoise * (_random.NextDouble() < 0.1 ? 3 : 1);
        var power = load * (1 + noise);
        var truth = _anomalies.Apply(ref power, load, _baseLoad, _lastPower, spike: (3.0, 6.0));

        power = Math.Clamp(Math.Round(power / _resolution) * _resolution, 0, ReadingLimits.MaxPower);
        power = Math.Round(power, 2);
        _lastPower = power;
        var reading = new LabeledReading(new SensorReading(Id, timestamp, Math.Round(temperature, 1), Math.Round(humidity, 0), power), truth);
        Send(reading, output);
    }

    // Weekdays 07–19 h UTC full, nights and weekends low, with smooth edges.
    private static double Occupancy(DateTime time)
    {
        var hour = time.TimeOfDay.TotalHours;
        var day = 1 / (1 + Math.Exp(-(hour - 7) * 2)) * (1 - 1 / (1 + Math.Exp(-(hour - 19) * 2)));
        return time.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.3 * day : day;
    }

    private double Burst()
    {
        if (_burstLeft == 0 && _random.NextDouble() < _burstRate)
        {
            _burstLeft = _random.Next(3, 31);
            _burstLoad = _baseLoad * SensorSimulator.Uniform(_random, 0.2, 1.5);
        }

        if (_burstLeft == 0)
        {
            return 0;
        }

        _burstLeft--;
        return _burstLoad;
    }

    // What reaches the log: outages (1–30 readings) and single drops lose readings; a late one follows the next reading.
    private void Send(LabeledReading reading, List<LabeledReading> output)
    {
        if (_outageLeft > 0)
        {
            _outageLeft--;
            return;
        }

        var draw = _random.NextDouble();
        if (draw < 0.001)
        {
            _outageLeft = _random.Next(1, 31);
            return;
        }

        if (draw < 0.006)
        {
            return; // dropped
        }

        if (draw < 0.011 && _late is null)
        {
            _late = reading; // arrives after the next one
            return;
        }

        output.Add(reading);
        if (_late is { } late)
        {
            output.Add(late);
            _late = null;
        }
    }
}
