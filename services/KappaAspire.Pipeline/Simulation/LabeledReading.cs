using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Simulation;

/// <summary>A reading from a source, with its ground truth when the source knows it (the simulator always does).</summary>
public sealed record LabeledReading(SensorReading Reading, GroundTruth? Truth);
