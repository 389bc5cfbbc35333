using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Pipeline.Simulation;

[assembly: AssemblyFixture(typeof(KappaAspire.Inference.Tests.Support.TrainedModels))]
[assembly: AssemblyFixture(typeof(KappaAspire.Testing.EmbeddedKafkaFixture))]

namespace KappaAspire.Inference.Tests.Support;

/// <summary>
/// Two real detectors trained once for the whole test assembly on simulated data, packaged as the trainer would:
/// <c>v0001</c> and a different <c>v0002</c> (fewer trees), so a swap changes the numbers, not only the label.
/// </summary>
public sealed class TrainedModels
{
    public TrainedModels()
    {
        var simulator = new SensorSimulator(new SensorSimulatorOptions { Seed = 3, SensorCount = 10 });
        var store = new SensorStateStore();
        var examples = simulator.Generate(10 * 250)
            .Select(r => LabeledExample.From(store, r.Reading, r.Truth))
            .ToList();
        var ranges = new[] { new OffsetRange(0, 0, examples.Count - 1) };
        var createdAt = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

        V1 = DetectorTrainer.Train(examples, new DetectorTrainingOptions { NumberOfTrees = 40, NumberOfThreads = 1 })
            .Detector.ToPackage(ModelVersion.Format(1), createdAt, ranges);
        V2 = DetectorTrainer.Train(examples, new DetectorTrainingOptions { NumberOfTrees = 10, NumberOfThreads = 1 })
            .Detector.ToPackage(ModelVersion.Format(2), createdAt.AddHours(1), ranges);
    }

    public ModelPackage V1 { get; }

    public ModelPackage V2 { get; }

    /// <summary>The scorer inference builds from a package: the reference for expected values.</summary>
    public static AnomalyScorer ScorerOf(ModelPackage package) => AnomalyScorer.Load(package);

    /// <summary><paramref name="package"/> with its zip altered after hashing: what a corrupted or tampered transfer looks like.</summary>
    public static ModelPackage Tampered(ModelPackage package, string version)
    {
        var zip = (byte[])package.ModelZip.Clone();
        zip[zip.Length / 2] ^= 0xFF;
        return new ModelPackage(package.Metadata with { Version = version }, zip);
    }

    /// <summary>A correctly hashed package claiming another feature schema.</summary>
    public static ModelPackage OtherSchema(ModelPackage package, string version) =>
        new(package.Metadata with { Version = version, FeatureSchemaVersion = FeatureSchema.Version + 1 }, package.ModelZip);
}
