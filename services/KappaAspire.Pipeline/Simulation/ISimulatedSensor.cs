namespace KappaAspire.Pipeline.Simulation;

/// <summary>One simulated sensor of a <see cref="SensorSimulator"/> fleet.</summary>
internal interface ISimulatedSensor
{
    string Id { get; }

    /// <summary>The sensor's turn at <paramref name="timestamp"/>: adds the readings it sends now (usually one).</summary>
    void Read(DateTimeOffset timestamp, SensorSimulatorOptions options, List<LabeledReading> output);
}
