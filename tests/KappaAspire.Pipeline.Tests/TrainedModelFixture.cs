using System.Diagnostics;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Simulation;

[assembly: AssemblyFixture(typeof(KappaAspire.Pipeline.Tests.TrainedModelFixture))]

namespace KappaAspire.Pipeline.Tests;

/// <summary>One detector trained on a simulated log with default settings, shared by every test that needs a real model.</summary>
public sealed class TrainedModelFixture
{
    public const int ReadingsPerSensor = 3000;

    public TrainedModelFixture()
    {
        var simulator = new SensorSimulator();
        var store = new SensorStateStore();
        Examples = simulator.Generate((long)simulator.Options.SensorCount * ReadingsPerSensor)
            .Select(r => LabeledExample.From(store, r.Reading, r.Truth))
            .ToList();

        var stopwatch = Stopwatch.StartNew();
        Result = DetectorTrainer.Train(Examples);
        TrainingTime = stopwatch.Elapsed;
    }

    public IReadOnlyList<LabeledExample> Examples { get; }

    public TrainingResult Result { get; }

    public TimeSpan TrainingTime { get; }
}
