using KappaAspire.Inference.Tests.Support;
using KappaAspire.Testing;

namespace KappaAspire.Inference.Tests;

public sealed class ConsumerGroupTests(EmbeddedKafkaFixture kafka, TrainedModels models)
{
    private const string Token = "group-secret";

    [Fact]
    public async Task Two_replicas_split_the_partitions_and_the_survivor_scores_everything_when_one_stops()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var first = await InferenceHost.StartAsync(setup, server.Address, Token);
        await using var second = await InferenceHost.StartAsync(setup, server.Address, Token);

        var split = await Eventually.TrueAsync(async () =>
        {
            var a = (await first.StatusAsync()).Partitions.Select(p => p.Partition).ToHashSet();
            var b = (await second.StatusAsync()).Partitions.Select(p => p.Partition).ToHashSet();
            return a.Count > 0 && b.Count > 0 && !a.Overlaps(b) && a.Count + b.Count == TestKafka.Partitions;
        }, TimeSpan.FromSeconds(30));
        Assert.True(split, "the two replicas should own disjoint, non-empty halves of the partitions");

        var simulator = Reference.Simulator(sensors: 12);
        var written = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(12 * 40));
        await Eventually.TrueAsync(async () => (await first.StatusAsync()).Totals.Predictions > 0, TimeSpan.FromSeconds(20));

        // Stop one replica while readings keep coming: its partitions move to the survivor.
        var stopping = first.StopAsync();
        written.AddRange(TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(12 * 40)));
        await stopping;
        await second.WaitForStatusAsync(s => s.Partitions.Count == TestKafka.Partitions, "the survivor to own every partition");
        written.AddRange(TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(12 * 40)));

        var expected = written.Select(w => (w.Partition, w.Offset)).ToHashSet();
        var predictions = TestKafka.ReadPredictionsFor(kafka, setup.PredictionsTopic, expected.Count, TimeSpan.FromSeconds(30));
        var bySource = TestKafka.BySource(predictions);
        Assert.Equal(expected.Order(), bySource.Keys.Order());

        // Any duplicate is the same reading scored again: same source, same verdict.
        foreach (var record in predictions)
        {
            var prediction = TestKafka.ParsePrediction(record);
            var kept = bySource[(prediction.SourcePartition, prediction.SourceOffset)];
            Assert.Equal(kept.ExpectedPower, prediction.ExpectedPower);
            Assert.Equal(kept.Score, prediction.Score);
        }
    }

    [Fact]
    public async Task Predictions_after_rebalances_equal_those_of_an_uninterrupted_replica()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        var soloTopic = setup.PredictionsTopic + "-solo";
        await TestKafka.CreateTopicsAsync(kafka, soloTopic);
        var solo = setup.WithGroup(setup.Group + "-solo", soloTopic);
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var uninterrupted = await InferenceHost.StartAsync(solo, server.Address, Token);
        await using var first = await InferenceHost.StartAsync(setup, server.Address, Token);
        var simulator = Reference.Simulator(sensors: 12);

        // The first replica scores some history alone and commits it.
        var history = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(12 * 45));
        await first.WaitForStatusAsync(s => s.Totals.Predictions == history.Count
            && s.Partitions.All(p => p.Committed == p.SafePosition && p.InFlight == 0), "the history scored and committed");

        // A second replica joins: the partitions it takes over are warmed up from the log before it scores them.
        await using var second = await InferenceHost.StartAsync(setup, server.Address, Token);
        await second.WaitForStatusAsync(s => s.Partitions.Count > 0 && s.Consuming, "the second replica's share");
        var afterJoin = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(12 * 20));
        var joined = await second.WaitForStatusAsync(s => s.Totals.WarmupRecords > 0, "a warm-up");
        Assert.All(joined.Partitions, p => Assert.Equal(0, p.IncompleteSensors));

        // The first replica leaves: the second takes everything, warming up the partitions it had not seen.
        await first.StopAsync();
        await second.WaitForStatusAsync(s => s.Partitions.Count == TestKafka.Partitions, "the second replica to own every partition");
        var afterLeave = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(12 * 20));

        var all = history.Concat(afterJoin).Concat(afterLeave).ToList();
        var sources = all.Select(w => (w.Partition, w.Offset)).ToHashSet();
        var rebalanced = TestKafka.BySource(TestKafka.ReadPredictionsFor(kafka, setup.PredictionsTopic, sources.Count, TimeSpan.FromSeconds(30)));
        var reference = TestKafka.BySource(TestKafka.ReadPredictionsFor(kafka, soloTopic, sources.Count, TimeSpan.FromSeconds(30)));

        Assert.Equal(sources.Order(), rebalanced.Keys.Order());
        Assert.Equal(sources.Order(), reference.Keys.Order());
        foreach (var source in sources)
        {
            var expected = reference[source];
            var actual = rebalanced[source];
            Assert.Equal(expected.ExpectedPower, actual.ExpectedPower);
            Assert.Equal(expected.Score, actual.Score);
            Assert.Equal(expected.IsAnomaly, actual.IsAnomaly);
        }
    }
}
