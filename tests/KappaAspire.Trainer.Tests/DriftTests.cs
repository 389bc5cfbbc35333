using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Simulation;
using KappaAspire.Testing;
using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Registry;

namespace KappaAspire.Trainer.Tests;

public sealed class DriftTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "kappa-trainer-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task When_the_serving_models_live_scores_drift_past_the_threshold_a_run_starts_that_records_why()
    {
        var topic = SimulatedLog.NewTopic();
        var predictions = $"predictions-{Guid.NewGuid():N}";
        using (var admin = kafka.Admin())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = predictions, NumPartitions = 3, ReplicationFactor = 1 }]);
        }

        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 150);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry,
            "--Trainer:DriftRetrainThreshold=0.25", "--Trainer:DriftMinimumReadings=500", "--Trainer:DriftWindow=1000",
            "--Trainer:DriftCheckInterval=00:00:00.100", $"--Trainer:PredictionsTopic={predictions}");
        var first = await host.TrainAsync();
        Assert.Equal((TrainingOutcome.Promoted, "v0001"), (first.Outcome, first.Version));

        // Inference's output after a firmware update made every meter report in steps of 50 W: scored by the serving model
        // itself, written to the predictions topic as inference writes them. Each check reads the topic's last window, so
        // batches go on until a window holds enough of them.
        var stream = ShiftedPredictions(host.Service<ModelRegistry>().Promoted!).GetEnumerator();
        using var producer = new ProducerBuilder<string, byte[]>(kafka.ProducerConfig()).Build();
        using var cts = new CancellationTokenSource(Timeout);
        TrainingOverview overview;
        while (true)
        {
            for (var i = 0; i < 200 && stream.MoveNext(); i++)
            {
                var prediction = stream.Current;
                producer.Produce(predictions, new Message<string, byte[]>
                {
                    Key = prediction.SensorId,
                    Value = JsonSerializer.SerializeToUtf8Bytes(prediction, PipelineJsonContext.Default.Prediction),
                });
            }

            producer.Flush(TimeSpan.FromSeconds(10));
            overview = await host.TrainingAsync();
            if (overview.Last?.Trigger == TrainingTrigger.Drift || overview.Current?.Trigger == TrainingTrigger.Drift)
            {
                break;
            }

            await Task.Delay(100, cts.Token);
        }

        // The run records why it started; the watcher's latest check may already be the next one, held back by the cool-down.
        var run = overview.Current ?? overview.Last!;
        var why = Regex.Match(run.TriggerReason ?? "", @"^drift: PSI (\d+\.\d\d) ≥ 0\.25 over ([\d,]+) readings of v0001$");
        Assert.True(why.Success, run.TriggerReason);
        Assert.True(double.Parse(why.Groups[1].Value, CultureInfo.InvariantCulture) >= 0.25, run.TriggerReason);
        Assert.InRange(long.Parse(why.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), 500, 1_000);
        var drift = overview.Drift!;
        Assert.Equal("v0001", drift.ServingVersion);
        Assert.True(drift.Psi >= 0.25, drift.Reason);
        Assert.True(drift.Retrain ? drift.Reason == run.TriggerReason : drift.Reason.Contains("(Trainer:DriftCooldown)"), drift.Reason);

        var completed = await host.WaitForTrainingAsync(o => o.Last?.Id == run.Id, Timeout);
        Assert.Equal("v0002", completed.Last!.Version);
    }

    /// <summary>Predictions of <paramref name="serving"/> on the simulated sensors, every power rounded to 50 W.</summary>
    private static IEnumerable<Prediction> ShiftedPredictions(Pipeline.Packaging.ModelPackage serving)
    {
        var scorer = AnomalyScorer.Load(serving);
        var simulator = new SensorSimulator(new SensorSimulatorOptions { SensorCount = 20, Seed = 42, Start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        var store = new SensorStateStore();
        var offset = 0L;
        foreach (var (reading, truth) in simulator.Generate(long.MaxValue))
        {
            var coarse = reading with { Power = Math.Round(reading.Power / 50) * 50 };
            var verdict = scorer.Score(FeatureExtractor.Extract(store, coarse), coarse.Power);
            yield return new Prediction(coarse.SensorId, coarse.Timestamp, 0, offset++, coarse.Power, verdict.ExpectedPower, verdict.Score,
                verdict.IsAnomaly, scorer.Version, 1, truth?.ToLabel());
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_registry, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
