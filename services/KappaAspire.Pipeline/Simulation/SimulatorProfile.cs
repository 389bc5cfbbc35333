namespace KappaAspire.Pipeline.Simulation;

/// <summary>What kind of fleet <see cref="SensorSimulator"/> simulates.</summary>
public enum SimulatorProfile
{
    /// <summary>Clean, continuous meters whose load follows temperature: the reference the detector is first judged on.</summary>
    Default,

    /// <summary>Meters as they come: quantized, on scales from tens of watts to tens of kilowatts, appliance bursts, weekly
    /// occupancy, HVAC on some sites only, missing and late readings (<see cref="RealisticSensor"/>).</summary>
    Realistic,
}
