using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Inference.Tests.Support;

/// <summary>Simulated test streams and what a single uninterrupted scorer makes of them.</summary>
internal static class Reference
{
    /// <summary>A fleet other than the one the models were trained on, starting later.</summary>
    public static SensorSimulator Simulator(int sensors = 12, int seed = 21) => new(new SensorSimulatorOptions
    {
        Seed = seed,
        SensorCount = sensors,
        Start = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero),
    });

    /// <summary>The feature vectors of <paramref name="readings"/> (in log order), computed with one state from the start.</summary>
    public static List<FeatureVector> Features(IEnumerable<SensorReading> readings) => FeatureExtractor.Replay(readings);

    /// <summary>
    /// The features each reading gets from a consumer that saw the whole stream; because state is per sensor, the
    /// interleaving of partitions does not matter, only each sensor's own order.
    /// </summary>
    public static Dictionary<(int Partition, long Offset), FeatureVector> FeaturesBySource(IReadOnlyList<WrittenReading> written)
    {
        var vectors = Features(written.Select(w => w.Reading));
        return written.Select((w, i) => (w, i)).ToDictionary(x => (x.w.Partition, x.w.Offset), x => vectors[x.i]);
    }

    public static AnomalyScore Score(AnomalyScorer scorer, FeatureVector features, double power) => scorer.Score(features, power);
}
