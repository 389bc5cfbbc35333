using System.Net;
using KappaAspire.Inference.Tests.Support;
using KappaAspire.Testing;

namespace KappaAspire.Inference.Tests;

public sealed class CommitTests(EmbeddedKafkaFixture kafka, TrainedModels models)
{
    private const string Token = "commit-secret";

    [Fact]
    public async Task Nothing_is_committed_before_a_model_is_served_and_never_past_an_acknowledged_prediction()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        await using var server = await TestModelServer.StartAsync(Token, current: null);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token);
        var written = TestKafka.WriteReadings(kafka, setup.InputTopic, Reference.Simulator(sensors: 24).Generate(24 * 250));

        // Subscribed to the channel but without a model: not consuming, not ready, nothing committed.
        var waiting = await host.WaitForStatusAsync(s => s.ModelChannel.State == "Subscribed", "the model subscription");
        Assert.False(waiting.Consuming);
        Assert.Null(waiting.Model);
        Assert.Empty(waiting.Partitions);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await host.HealthAsync());
        Assert.Empty(TestKafka.Committed(kafka, setup.Group, setup.InputTopic));

        server.Publish(models.V1);

        // While the backlog is scored, every offset below a committed one has its prediction in the topic.
        var ends = TestKafka.EndOffsets(kafka, setup.InputTopic);
        var samples = 0;
        var allCommitted = await Eventually.TrueAsync(() =>
        {
            var committed = TestKafka.Committed(kafka, setup.Group, setup.InputTopic);
            var predicted = TestKafka.ReadAll(kafka, setup.PredictionsTopic)
                .Select(TestKafka.ParsePrediction)
                .Select(p => (p.SourcePartition, p.SourceOffset))
                .ToHashSet();
            foreach (var (partition, offset) in committed)
            {
                for (long o = 0; o < offset; o++)
                {
                    Assert.True(predicted.Contains((partition, o)), $"partition {partition} committed {offset} but offset {o} has no prediction");
                }
            }

            samples++;
            return committed.Count == ends.Count(e => e.Value > 0) && committed.All(c => c.Value == ends[c.Key]);
        }, TimeSpan.FromSeconds(40));

        Assert.True(allCommitted, "the group should finally commit the end of every partition");
        Assert.True(samples > 1);
        Assert.Equal(HttpStatusCode.OK, await host.HealthAsync());
        Assert.Equal(written.Count, (await host.StatusAsync()).Totals.Predictions);
    }

    [Fact]
    public async Task An_output_Kafka_does_not_acknowledge_is_produced_again_and_nothing_past_it_is_committed_meanwhile()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        var missing = setup with { DeadLetterTopic = setup.DeadLetterTopic + "-created-later" };
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(missing, server.Address, Token,
            "--Aspire:Confluent:Kafka:Producer:Config:allow.auto.create.topics=false",
            "--Aspire:Confluent:Kafka:Producer:Config:message.timeout.ms=1500");
        var simulator = Reference.Simulator(sensors: 4);

        var written = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(40));
        var bad = (await TestKafka.WriteRawAsync(kafka, setup.InputTopic, ("sensor-01"u8.ToArray(), "{oops"u8.ToArray()))).Single();
        written.AddRange(TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(40)));

        // The dead letter cannot be delivered: its partition's commit stays at or before it.
        await host.WaitForStatusAsync(s => s.Totals.DeliveryFailures > 0, "the failed delivery");
        Assert.True(TestKafka.Committed(kafka, setup.Group, setup.InputTopic).GetValueOrDefault(bad.Partition.Value) <= bad.Offset.Value);

        await TestKafka.CreateTopicsAsync(kafka, missing.DeadLetterTopic);

        var deadLetter = Assert.Single(TestKafka.ReadUntil(kafka, missing.DeadLetterTopic, r => r.Count >= 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(bad.Message.Value, deadLetter.Message.Value);
        var ends = TestKafka.EndOffsets(kafka, setup.InputTopic);
        Assert.True(await Eventually.TrueAsync(
            () => TestKafka.Committed(kafka, setup.Group, setup.InputTopic).All(c => c.Value == ends[c.Key]),
            TimeSpan.FromSeconds(20)), "everything is committed once the dead letter is acknowledged");
        var predicted = TestKafka.BySource(TestKafka.ReadPredictionsFor(kafka, setup.PredictionsTopic, written.Count, TimeSpan.FromSeconds(20)));
        Assert.Equal(written.Select(w => (w.Partition, w.Offset)).Order(), predicted.Keys.Order());
    }
}
