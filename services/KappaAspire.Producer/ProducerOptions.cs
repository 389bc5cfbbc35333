using System.Globalization;

namespace KappaAspire.Producer;

/// <summary>Where readings come from.</summary>
public enum ProducerMode
{
    /// <summary>Simulated sensors (<see cref="KappaAspire.Pipeline.Simulation.SensorSimulator"/>), paced in real time.</summary>
    Simulate,

    /// <summary>Rows of a CSV file of real readings, paced by their own timestamps.</summary>
    Replay,
}

/// <summary>Settings of the producer, bound from the <c>Producer</c> section and validated at startup.</summary>
public sealed class ProducerOptions
{
    public const string SectionName = "Producer";

    /// <summary>Default upper bound of <see cref="ReadingsPerSecond"/> and of <c>POST /rate</c>.</summary>
    public const double DefaultMaxRate = 100_000;

    /// <summary><c>simulate</c> (default) or <c>replay</c>.</summary>
    public ProducerMode Mode { get; set; } = ProducerMode.Simulate;

    /// <summary>Number of simulated sensors.</summary>
    public int Sensors { get; set; } = 20;

    /// <summary>Total readings per second over all sensors, in simulate mode; changeable at run time with <c>POST /rate</c>.</summary>
    public double ReadingsPerSecond { get; set; } = 50;

    /// <summary>Upper bound of <see cref="ReadingsPerSecond"/>, so a typo cannot flood the log.</summary>
    public double MaxRate { get; set; } = DefaultMaxRate;

    /// <summary>Share of simulated readings that are anomalous (spike, drift, stuck), in [0, 0.5).</summary>
    public double AnomalyRate { get; set; } = 0.01;

    /// <summary>Seed of the simulator: the same seed gives the same sensors and the same sequence of values.</summary>
    /// <summary>Simulated fleet: <c>Default</c> (clean continuous meters) or <c>Realistic</c> (quantized, bursty, gaps, late readings).</summary>
    public KappaAspire.Pipeline.Simulation.SimulatorProfile Profile { get; set; } = KappaAspire.Pipeline.Simulation.SimulatorProfile.Default;

    public int Seed { get; set; } = 42;

    /// <summary>Prefix of simulated sensor ids (<c>sensor-01</c>, …).</summary>
    public string SensorIdPrefix { get; set; } = "sensor-";

    /// <summary>CSV file to replay (<c>sensorId,timestamp,temperature,humidity,power[,label]</c>); required in replay mode.</summary>
    public string? CsvPath { get; set; }

    /// <summary>
    /// Replay speed-up: the file's inter-arrival times are divided by this factor. <c>1</c> = real time (default);
    /// <c>0</c> or <c>max</c> = as fast as the broker takes them.
    /// </summary>
    public string SpeedUp { get; set; } = "1";

    /// <summary>Readings handed to Kafka and not yet acknowledged at which the producer waits (back-pressure); below librdkafka's queue size.</summary>
    public int MaxInFlight { get; set; } = 50_000;

    /// <summary>The parsed <see cref="SpeedUp"/>: a factor &gt; 0, or 0 for as fast as possible; null when not parseable.</summary>
    internal double? SpeedUpFactor => SpeedUp.Trim() switch
    {
        var text when text.Equals("max", StringComparison.OrdinalIgnoreCase) => 0,
        var text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor)
            && double.IsFinite(factor) && factor >= 0 => factor,
        _ => null,
    };
}
