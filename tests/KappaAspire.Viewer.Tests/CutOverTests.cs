using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Testing;
using KappaAspire.Viewer.View;

namespace KappaAspire.Viewer.Tests;

/// <summary>
/// A cut-over on the control log moves the page to the run's topic without a restart: from that topic's end, so no
/// reading shows twice, and the old topic is no longer read.
/// </summary>
public sealed class CutOverTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task After_a_cut_over_the_viewer_shows_the_runs_topic_from_its_end_and_no_longer_the_live_one()
    {
        const string model = "v0007";
        var runTopic = Topics.PredictionsOf(model);
        using var log = await PredictionLog.OpenAsync(kafka, runTopic);
        using (var admin = kafka.Admin())
        {
            // As the AppHost declares it: one partition, one order.
            await admin.CreateTopicsAsync([new TopicSpecification { Name = Topics.Reprocessing, NumPartitions = 1, ReplicationFactor = 1 }]);
        }

        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);

        var live = PredictionLog.NewSensorId("live");
        await log.ProduceAsync(PredictionLog.Prediction(live, DateTimeOffset.UtcNow, 400, 400));
        Assert.Equal(Topics.Predictions, (await viewer.WaitForSnapshotAsync(s => s.Sensors.Any(x => x.SensorId == live))).Topic);

        // The run's history, written before the cut-over: the live topic showed those readings already.
        var history = PredictionLog.NewSensorId("history");
        await log.ProduceAsync(runTopic, PredictionLog.Prediction(history, DateTimeOffset.UtcNow, 410, 410));

        using (var control = new ProducerBuilder<string, byte[]>(kafka.ProducerConfig()).Build())
        {
            var run = ReprocessingRun.Request(model, DateTimeOffset.UtcNow);
            foreach (var record in new[] { run, ReprocessingRuns.CutOver(run, DateTimeOffset.UtcNow) })
            {
                await control.ProduceAsync(Topics.Reprocessing, new Message<string, byte[]>
                {
                    Key = model,
                    Value = JsonSerializer.SerializeToUtf8Bytes(record, PipelineJsonContext.Default.ReprocessingRun),
                });
            }
        }

        // Written until the viewer shows one: it has switched and reads the run's topic from where it joined.
        var switched = PredictionLog.NewSensorId("switched");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        ViewSnapshot snapshot;
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "The viewer did not follow the cut-over within 30 s.");
            await log.ProduceAsync(runTopic, PredictionLog.Prediction(switched, DateTimeOffset.UtcNow, 420, 420));
            await Task.Delay(200);
            snapshot = await viewer.SnapshotAsync();
        }
        while (snapshot.Sensors.All(x => x.SensorId != switched));

        var stale = PredictionLog.NewSensorId("stale");
        await log.ProduceAsync(PredictionLog.Prediction(stale, DateTimeOffset.UtcNow, 430, 430));
        var after = PredictionLog.NewSensorId("after");
        await log.ProduceAsync(runTopic, PredictionLog.Prediction(after, DateTimeOffset.UtcNow, 440, 440));
        snapshot = await viewer.WaitForSnapshotAsync(s => s.Sensors.Any(x => x.SensorId == after));

        Assert.Equal(runTopic, snapshot.Topic);
        Assert.DoesNotContain(snapshot.Sensors, x => x.SensorId == history);
        Assert.DoesNotContain(snapshot.Sensors, x => x.SensorId == stale);
    }
}
