using KappaAspire.Testing;
using KappaAspire.Trainer.Api;

namespace KappaAspire.Trainer.Tests;

public sealed class GrowthTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Later = new(2025, 1, 3, 0, 0, 0, TimeSpan.Zero);
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "kappa-trainer-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task When_the_log_doubles_the_serving_model_is_retrained_on_growth_without_waiting_for_the_schedule()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 150);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry,
            "--Trainer:RetrainInterval=01:00:00", "--Trainer:RetrainGrowthFactor=2", "--Trainer:GrowthCheckInterval=00:00:00.100");
        var first = await host.TrainAsync();
        Assert.Equal((TrainingOutcome.Promoted, 3_000), (first.Outcome, first.Replay!.Records));

        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 150, seed: 7, start: Later);
        var overview = await host.WaitForTrainingAsync(o => o.Last?.Trigger == TrainingTrigger.Growth, Timeout);

        var run = overview.Last!;
        Assert.Equal(6_000, run.Replay!.Records);
        Assert.Equal("v0002", run.Version); // stored, whether or not the policy promotes it
        Assert.Equal("the log holds 6,000 records, 2.0× the 3,000 records v0001 was trained on (3,000 new; growth retrains at 2×)", run.TriggerReason);
        var growth = overview.Growth!;
        Assert.True(growth.Retrain);
        Assert.Equal(("v0001", 3_000, 6_000), (growth.ServingVersion, growth.ServedRecords, growth.LogRecords));
    }

    [Fact]
    public async Task Growth_below_the_minimum_of_new_readings_starts_no_run_and_reaching_it_does()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 150);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry,
            "--Trainer:RetrainGrowthFactor=1", "--Trainer:RetrainMinimumNewReadings=1000", "--Trainer:GrowthCheckInterval=00:00:00.100");
        var first = await host.TrainAsync();

        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 40, seed: 7, start: Later);
        var below = await host.WaitForTrainingAsync(o => o.Growth?.LogRecords == 3_800, Timeout);

        Assert.False(below.Growth!.Retrain);
        Assert.Equal("only 800 records arrived after v0001's training window; growth retrains after 1,000", below.Growth.Reason);
        Assert.Null(below.Current);
        Assert.Equal(first.Id, below.Last!.Id);

        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 20, seed: 8, start: Later.AddDays(1));
        var reached = await host.WaitForTrainingAsync(o => o.Last?.Trigger == TrainingTrigger.Growth, Timeout);

        Assert.Equal(4_200, reached.Last!.Replay!.Records);
    }

    public void Dispose()
    {
        try { Directory.Delete(_registry, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
