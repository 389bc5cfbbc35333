using Confluent.Kafka;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Simulation;
using KappaAspire.Testing;
using KappaAspire.Trainer.Extensions;
using KappaAspire.Trainer.Services;

namespace KappaAspire.Trainer.Tests;

public sealed class ReplayTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "kappa-trainer-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Replay_reads_exactly_up_to_the_watermarks_of_its_plan_even_while_the_log_grows()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 6, readingsPerSensor: 100);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry);
        var replayer = host.Service<LogReplayer>();

        var plan = replayer.Plan();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 6, readingsPerSensor: 50, seed: 9, start: new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var replay = replayer.Replay(plan, TestContext.Current.CancellationToken);

        Assert.Equal(600, plan.RecordCount);
        Assert.Equal(600, replay.Records);
        Assert.Equal(600, replay.Readings);
        Assert.Equal(6 * (100 - 32), replay.WarmReadings);
        Assert.Equal(plan.Watermarks.Where(w => w.High > w.Low).Select(w => (w.Partition, w.Low, w.High - 1)),
            replay.Ranges.Select(r => (r.Partition, r.FirstOffset, r.LastOffset)));
        Assert.All(replay.Examples, e => Assert.True(e.Timestamp < new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero)));

        // A second replay with a fresh plan sees the grown log: nothing is left paused or positioned from the first.
        var again = replayer.Replay(replayer.Plan(), TestContext.Current.CancellationToken);
        Assert.Equal(900, again.Records);
    }

    [Fact]
    public async Task Replay_builds_exactly_the_features_one_reader_of_the_whole_log_computes()
    {
        // Inference's ScoringTests hold its live predictions to the same reference, so replay and live agree through it.
        const int sensors = 8, readingsPerSensor = 90;
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors, readingsPerSensor, seed: 5);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry);
        var replayer = host.Service<LogReplayer>();

        var replay = replayer.Replay(replayer.Plan(), TestContext.Current.CancellationToken);

        var readings = new SensorSimulator(new SensorSimulatorOptions
        {
            SensorCount = sensors, Seed = 5, Start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        }).Generate((long)sensors * readingsPerSensor).Select(r => r.Reading).ToList();
        var reference = readings.Zip(FeatureExtractor.Replay(readings))
            .Where(x => x.Second.IsWarm)
            .ToDictionary(x => (x.First.SensorId, x.First.Timestamp), x => x.Second);
        Assert.Equal(sensors * (readingsPerSensor - FeatureSchema.WarmupWindow), reference.Count);
        Assert.Equal(reference.Count, replay.Examples.Count);
        foreach (var example in replay.Examples)
        {
            var expected = reference[(example.SensorId, example.Timestamp)];
            Assert.Equal(expected.ToArray(), example.Features.ToArray());
            Assert.Equal(expected.Context, example.Features.Context);
        }
    }

    public static TheoryData<string> TimestampCases => new(RecordTimestampCases.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(TimestampCases))]
    public async Task Replay_judges_a_reading_against_its_record_timestamp_as_inference_does_live(string name)
    {
        var @case = RecordTimestampCases.Named(name);
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, [new() { Key = @case.SensorId, Value = @case.Value, Timestamp = new Timestamp(@case.RecordTimestamp) }]);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry);
        var replayer = host.Service<LogReplayer>();

        var replay = replayer.Replay(replayer.Plan(), TestContext.Current.CancellationToken);

        Assert.Equal(1, replay.Records);
        Assert.Equal(@case.Valid ? (1, 0) : (0, 1), (replay.Readings, replay.InvalidRecords));
    }

    [Fact]
    public async Task Replay_neither_joins_a_consumer_group_nor_commits_a_position()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 120);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry);

        var run = await host.TrainAsync();
        Assert.Equal(2400, run.Replay!.Records);

        using var admin = kafka.Admin();
        var offsets = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(TrainerServiceExtensions.ReplayGroupId, null)]);
        Assert.All(offsets.SelectMany(g => g.Partitions), p => Assert.True(p.Offset == Offset.Unset, $"committed {p.TopicPartitionOffset}"));
        var groups = await admin.DescribeConsumerGroupsAsync([TrainerServiceExtensions.ReplayGroupId]);
        Assert.All(groups.ConsumerGroupDescriptions, g => Assert.Empty(g.Members));
        foreach (var group in (await admin.ListConsumerGroupsAsync()).Valid)
        {
            var committed = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group.GroupId, null)]);
            Assert.DoesNotContain(committed.SelectMany(g => g.Partitions), p => p.Topic == topic && p.Offset != Offset.Unset);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_registry, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
