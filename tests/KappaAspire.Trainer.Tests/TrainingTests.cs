using System.Net;
using System.Net.Http.Json;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Testing;
using KappaAspire.Trainer.Api;

namespace KappaAspire.Trainer.Tests;

public sealed class TrainingTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "kappa-trainer-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Training_replays_the_log_up_to_the_start_watermarks_and_promotes_v0001()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 1500);
        var atStart = SimulatedLog.Watermarks(kafka, topic);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry);

        using var accepted = await host.Http.PostAsync("/train", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var started = (await accepted.Content.ReadFromJsonAsync(TrainerJsonContext.Default.TrainingRunStatus))!;
        using var second = await host.Http.PostAsync("/train?wait=true", null);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(started.Id, (await second.Content.ReadFromJsonAsync(TrainerJsonContext.Default.TrainingRunStatus))!.Id);

        // Once the run has taken its watermarks, more readings arrive: they belong to the next run, not this one.
        await host.WaitForTrainingAsync(o => o.Current?.Replay is not null || o.Last is not null, TimeSpan.FromSeconds(30));
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 100, seed: 7, start: new DateTimeOffset(2025, 1, 3, 0, 0, 0, TimeSpan.Zero));
        var run = (await host.WaitForTrainingAsync(o => o.Last?.Id == started.Id, TimeSpan.FromSeconds(60))).Last!;

        Assert.Equal(TrainingOutcome.Promoted, run.Outcome);
        Assert.Equal((TrainingTrigger.Api, "requested with POST /train"), (run.Trigger, run.TriggerReason));
        Assert.Equal("v0001", run.Version);
        Assert.True(run.Promoted);
        Assert.True(run.Metrics!.F1 >= 0.9, $"holdout {run.Metrics}");
        Assert.Equal(30_000, run.Replay!.Records);
        Assert.Equal(0, run.Replay.InvalidRecords);
        Assert.Equal(atStart.Select(w => new PartitionWatermark(w.Partition, w.Low, w.High)), run.Replay.Watermarks);
        var expectedRanges = atStart.Where(w => w.High > w.Low).Select(w => new OffsetRange(w.Partition, w.Low, w.High - 1)).ToArray();
        Assert.Equal(expectedRanges, run.Replay.Ranges);
        Assert.True(SimulatedLog.Watermarks(kafka, topic).Sum(w => w.High) > atStart.Sum(w => w.High));

        var models = await host.ModelsAsync();
        Assert.Equal("v0001", models.Promoted);
        var model = Assert.Single(models.Models);
        Assert.True(model.IsPromoted);
        Assert.Equal(expectedRanges, model.TrainingRanges);
        Assert.Equal(run.Metrics.F1, model.Metrics.F1);
        Assert.Equal(run.Metrics.MeanAbsoluteError, model.Metrics.MeanAbsoluteError);
    }

    [Fact]
    public async Task Too_few_warm_readings_end_the_run_as_not_enough_data_without_a_model()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 60);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry);

        var run = await host.TrainAsync();

        Assert.Equal(TrainingOutcome.NotEnoughData, run.Outcome);
        Assert.StartsWith("not enough data", run.Message);
        Assert.Equal(1200, run.Replay!.Records);
        Assert.Equal(20 * (60 - 32), run.Replay.WarmReadings);
        Assert.Null(run.Version);
        Assert.Empty((await host.ModelsAsync()).Models);
    }

    [Fact]
    public async Task Invalid_records_are_skipped_and_counted()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 2, readingsPerSensor: 40);
        await SimulatedLog.ProduceAsync(kafka, topic,
        [
            new() { Key = "sensor-01", Value = "not json"u8.ToArray() },
            new() { Key = "sensor-01", Value = """{"sensorId":"sensor-01","timestamp":"2025-01-01T02:00:00Z","temperature":20,"humidity":50,"power":-5}"""u8.ToArray() },
            new() { Key = "sensor-02", Value = null! },
        ]);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry, "--Trainer:MinimumWarmReadings=1");

        var run = await host.TrainAsync();

        Assert.Equal(83, run.Replay!.Records);
        Assert.Equal(80, run.Replay.Readings);
        Assert.Equal(3, run.Replay.InvalidRecords);
        Assert.Equal(2 * (40 - 32), run.Replay.WarmReadings);
        Assert.Equal(TrainingOutcome.NotEnoughData, run.Outcome); // 16 examples: the detector refuses, and says why
    }

    [Fact]
    public async Task The_schedule_retrains_on_its_interval()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 2, readingsPerSensor: 10);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry, "--Trainer:TrainOnStart=true", "--Trainer:RetrainInterval=00:00:00.2");

        var overview = await host.WaitForTrainingAsync(o => o.Last?.Trigger == TrainingTrigger.Schedule, TimeSpan.FromSeconds(30));

        Assert.Equal(TrainingOutcome.NotEnoughData, overview.Last!.Outcome);
        Assert.Equal("every 00:00:00.2000000 (Trainer:RetrainInterval)", overview.Last.TriggerReason);
    }

    [Fact]
    public async Task Until_a_first_model_exists_the_startup_training_is_retried_soon()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 2, readingsPerSensor: 10);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry,
            "--Trainer:TrainOnStart=true", "--Trainer:RetrainInterval=00:00:00", "--Trainer:FirstModelRetryInterval=00:00:00.3");
        await host.WaitForTrainingAsync(o => o.Last?.Outcome == TrainingOutcome.NotEnoughData, TimeSpan.FromSeconds(30));

        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 400);
        var overview = await host.WaitForTrainingAsync(o => o.Last?.Promoted == true, TimeSpan.FromSeconds(60));

        Assert.Equal(TrainingTrigger.FirstModel, overview.Last!.Trigger);
    }

    public void Dispose()
    {
        try { Directory.Delete(_registry, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
