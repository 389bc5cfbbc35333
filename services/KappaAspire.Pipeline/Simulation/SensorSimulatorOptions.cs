namespace KappaAspire.Pipeline.Simulation;

/// <summary>Settings of <see cref="SensorSimulator"/>; the same options always give the same readings.</summary>
public sealed record SensorSimulatorOptions
{
    public int Seed { get; init; } = 42;

    /// <summary>What kind of meters the fleet has (<see cref="SimulatorProfile"/>).</summary>
    public SimulatorProfile Profile { get; init; } = SimulatorProfile.Default;

    public int SensorCount { get; init; } = 20;

    public string SensorIdPrefix { get; init; } = "sensor-";

    /// <summary>Simulated time of the first reading. Fixed by default so runs are reproducible; a live producer may pass "now".</summary>
    public DateTimeOffset Start { get; init; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Simulated time between two readings of the same sensor.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Share of readings that are anomalous (spread evenly over spike, drift and stuck readings).</summary>
    public double AnomalyRate { get; init; } = 0.01;

    /// <summary>Temperature above which cooling load starts, in °C.</summary>
    public double CoolingSetPoint { get; init; } = 22;

    /// <summary>Standard deviation of the power noise as a share of the load (meters err in proportion to what they measure).</summary>
    public double PowerNoise { get; init; } = 0.015;

    /// <summary>Shortest and longest drift or stuck episode, in readings.</summary>
    public int MinEpisodeLength { get; init; } = 6;

    public int MaxEpisodeLength { get; init; } = 12;

    internal void Validate()
    {
        if (SensorCount <= 0 || Interval <= TimeSpan.Zero || AnomalyRate is < 0 or >= 0.5 || PowerNoise < 0
            || MinEpisodeLength < 1 || MaxEpisodeLength < MinEpisodeLength)
        {
            throw new ArgumentException($"Invalid simulator options: {this}.");
        }
    }
}
