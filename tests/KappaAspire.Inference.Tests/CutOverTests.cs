using System.Net;
using Confluent.Kafka;
using KappaAspire.Inference.Tests.Support;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Testing;

namespace KappaAspire.Inference.Tests;

/// <summary>
/// Live inference follows a Kappa cut-over from the control log: while a reprocessing run is the current output it stands
/// by (writes nothing, stays ready, keeps its position); when that run is retired it takes the output back and scores
/// every reading that arrived meanwhile, each exactly once.
/// </summary>
public sealed class CutOverTests(EmbeddedKafkaFixture kafka, TrainedModels models)
{
    private const string Token = "cutover-secret";

    [Fact]
    public async Task Live_inference_stands_by_while_a_run_is_current_and_scores_the_gap_once_the_run_is_retired()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        var control = await TestKafka.CreateControlTopicAsync(kafka);
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token, $"--Inference:ControlTopic={control}");
        var simulator = Reference.Simulator(sensors: 6);
        var before = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(6 * 40));
        Assert.Equal(before.Count, TestKafka.ReadPredictionsFor(kafka, setup.PredictionsTopic, before.Count, TimeSpan.FromSeconds(30)).Count);

        var run = ReprocessingRun.Request("v0001", DateTimeOffset.UtcNow) with { OutputTopic = $"run-{Guid.NewGuid():N}" };
        await TestKafka.AppendRunAsync(kafka, control, ReprocessingRuns.CutOver(run, DateTimeOffset.UtcNow));
        var standing = await host.WaitForStatusAsync(s => s.StandingByFor == run.Model, "standing by for the current run");
        Assert.True(standing.Consuming);
        Assert.Equal(HttpStatusCode.OK, await host.HealthAsync()); // a decision, not a fault: still ready

        var during = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(6 * 20));
        // A scoring replica turns such a batch around in well under a second; standing by, it writes nothing.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(before.Count, TestKafka.EndOffsets(kafka, setup.PredictionsTopic).Values.Sum());

        var retiredAt = DateTimeOffset.UtcNow;
        await TestKafka.AppendRunAsync(kafka, control, ReprocessingRuns.Retire(run, retiredAt));
        await host.WaitForStatusAsync(s => s.StandingByFor is null, "taking the output back");
        var all = before.Concat(during).ToList();
        var records = TestKafka.ReadPredictionsFor(kafka, setup.PredictionsTopic, all.Count, TimeSpan.FromSeconds(30));

        Assert.Equal(all.Count, records.Count); // each reading once: no gap, no second prediction
        Assert.Equal(all.Select(r => (r.Partition, r.Offset)).Order(), TestKafka.BySource(records).Keys.Order());
        var gap = during.Select(r => (r.Partition, r.Offset)).ToHashSet();
        Assert.All(records.Where(r => gap.Contains(Source(r))), r =>
            Assert.True(r.Message.Timestamp.UnixTimestampMs >= retiredAt.ToUnixTimeMilliseconds() - 5, "a reading of the stand-by was scored before the run was retired"));
    }

    private static (int, long) Source(ConsumeResult<byte[], byte[]> record)
    {
        var prediction = TestKafka.ParsePrediction(record);
        return (prediction.SourcePartition, prediction.SourceOffset);
    }
}
