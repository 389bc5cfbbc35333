using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Bench;

/// <summary>
/// The machine-learning hot paths without Kafka: training time for N simulated readings, and the inference
/// hot path (parse JSON → features → score) in readings per second per core and bytes allocated per reading.
/// </summary>
internal static class PipelineBenchmark
{
    public static Task<int> RunAsync(BenchOptions options)
    {
        var count = options.Messages;
        Console.WriteLine($"Pipeline benchmark: {count:N0} simulated readings, {Environment.ProcessorCount} cores");
        var simulated = new SensorSimulator().Generate(count).ToList();

        var watch = Stopwatch.StartNew();
        var store = new SensorStateStore();
        var examples = simulated.Select(r => LabeledExample.From(store, r.Reading, r.Truth)).ToList();
        var featureSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var result = DetectorTrainer.Train(examples);
        var trainSeconds = watch.Elapsed.TotalSeconds;
        var scorer = result.Detector.CreateScorer("bench");

        var payloads = simulated.Take(200_000)
            .Select(r => JsonSerializer.SerializeToUtf8Bytes(r.Reading, PipelineJsonContext.Default.SensorReading))
            .ToArray();
        // Records as the producer would have sent them, stamped no earlier than their readings.
        var recordedAt = simulated.Take(200_000).Max(r => r.Reading.Timestamp);
        var (rate, bytesPerReading) = ScoreHotPath(payloads, recordedAt, scorer);
        var scoreRate = ScoreOnly(result.Split.Holdout, scorer);

        var table = new StringBuilder()
            .AppendLine("| measure | result |")
            .AppendLine("|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| features for {count:N0} readings (replay path, one thread) | {featureSeconds:F1} s ({count / featureSeconds:N0} readings/s) |")
            .AppendLine(CultureInfo.InvariantCulture, $"| training on {count:N0} readings (FastTree + threshold + holdout evaluation) | {trainSeconds:F1} s |")
            .AppendLine(CultureInfo.InvariantCulture, $"| holdout quality | precision {result.Metrics.Precision:F3}, recall {result.Metrics.Recall:F3}, F1 {result.Metrics.F1:F3}, MAE {result.Metrics.MeanAbsoluteError:F1} W |")
            .AppendLine(CultureInfo.InvariantCulture, $"| scoring alone: expected power + per-sensor signals + threshold (one thread) | {scoreRate:N0} readings/s per core |")
            .AppendLine(CultureInfo.InvariantCulture, $"| inference hot path: parse → features → score (one thread) | {rate:N0} readings/s per core, {bytesPerReading:F0} B allocated per reading |")
            .ToString();
        Console.WriteLine(table);
        if (options.Record) BenchRecord.Record("Pipeline", "pipeline", table);
        return Task.FromResult(0);
    }

    // The scorer on feature vectors already built: what a model change costs the hot path.
    private static double ScoreOnly(IReadOnlyList<LabeledExample> examples, AnomalyScorer scorer)
    {
        double sink = 0;
        for (var i = 0; i < examples.Count; i++) sink += scorer.Score(examples[i].Features, examples[i].Power).Score; // JIT
        const int rounds = 5;
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < examples.Count; i++) sink += scorer.Score(examples[i].Features, examples[i].Power).Score;
        }

        watch.Stop();
        GC.KeepAlive(sink);
        return rounds * examples.Count / watch.Elapsed.TotalSeconds;
    }

    private static (double Rate, double BytesPerReading) ScoreHotPath(byte[][] payloads, DateTimeOffset recordedAt, AnomalyScorer scorer)
    {
        var store = new SensorStateStore();
        double sink = 0;
        void Pass()
        {
            foreach (var payload in payloads)
            {
                if (!ReadingParser.TryParse(payload, recordedAt, out var reading, out _)) continue;
                var features = FeatureExtractor.Extract(store, reading!);
                sink += scorer.Score(features, reading!.Power).Score;
            }
        }
        Pass(); // warm up the JIT and the per-sensor state
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        Pass();
        watch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        GC.KeepAlive(sink);
        return (payloads.Length / watch.Elapsed.TotalSeconds, allocated / (double)payloads.Length);
    }
}
