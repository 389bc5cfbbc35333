using System.Net.Http.Json;
using System.Text.Json;
using KappaAspire.Inference.Extensions;
using KappaAspire.Inference.Tests.Support;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace KappaAspire.Inference.Tests;

/// <summary>
/// The reprocessor role: a run recorded in the control log is scored from the log's first offset with exactly its model,
/// through the live scoring code, into its own topic and group; retiring it stops it; a restart resumes from its commits.
/// </summary>
public sealed class ReprocessorTests(EmbeddedKafkaFixture kafka, TrainedModels models)
{
    private const string Token = "channel-secret";

    [Fact]
    public async Task A_requested_run_scores_the_whole_log_once_with_its_model_resumes_after_a_restart_and_stops_when_retired()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        var run = ReprocessingRun.Request("v0001", DateTimeOffset.UtcNow) with { OutputTopic = $"run-{Guid.NewGuid():N}", ConsumerGroup = $"run-{Guid.NewGuid():N}" };
        await TestKafka.CreateTopicsAsync(kafka, run.OutputTopic);
        var control = await TestKafka.CreateControlTopicAsync(kafka);

        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        server.Publish(models.V2); // promoted since: the run must not follow it
        var simulator = Reference.Simulator(sensors: 6);
        var history = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(6 * 60));

        var app = Reprocessor(setup, server.Address, control);
        await app.StartAsync();
        try
        {
            await TestKafka.AppendRunAsync(kafka, control, run);
            Assert.True(await Eventually.TrueAsync(async () => (await StatusAsync(app)).GetProperty("runs").GetArrayLength() == 1, TimeSpan.FromSeconds(20)), "the run was not picked up");
            var scored = TestKafka.ReadUntil(kafka, run.OutputTopic, r => r.Count >= history.Count, TimeSpan.FromSeconds(30));
            Assert.True(scored.Count == history.Count, $"{scored.Count} of {history.Count} readings scored");
            Assert.True(await Eventually.TrueAsync(() => Task.FromResult(TestKafka.Committed(kafka, run.ConsumerGroup, setup.InputTopic).Values.Sum() == history.Count), TimeSpan.FromSeconds(20)), "the run did not commit what it scored");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        // While it was down the log grew; the restarted run goes on from its commits.
        var later = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(6 * 20));
        var restarted = Reprocessor(setup, server.Address, control);
        await restarted.StartAsync();
        try
        {
            var all = history.Concat(later).ToList();
            var records = TestKafka.ReadUntil(kafka, run.OutputTopic, r => TestKafka.DistinctSources(r) >= all.Count, TimeSpan.FromSeconds(30));
            Assert.True(TestKafka.DistinctSources(records) == all.Count, $"{TestKafka.DistinctSources(records)} of {all.Count} readings scored after the restart");
            var predictions = TestKafka.BySource(records);
            var features = Reference.FeaturesBySource(all);
            var v1 = TrainedModels.ScorerOf(models.V1);
            foreach (var reading in all)
            {
                // The features after the restart are those of an uninterrupted run (warm-up), the model exactly v0001.
                var prediction = predictions[(reading.Partition, reading.Offset)];
                var expected = v1.Score(features[(reading.Partition, reading.Offset)], reading.Reading.Power);
                Assert.Equal(("v0001", expected.ExpectedPower, expected.Score), (prediction.ModelVersion, prediction.ExpectedPower, prediction.Score));
            }

            Assert.Equal(all.Count, records.Count); // none scored twice: the first process committed all it scored on stop
            Assert.Empty(TestKafka.ReadAll(kafka, setup.PredictionsTopic)); // live inference's topic is not touched

            await TestKafka.AppendRunAsync(kafka, control, ReprocessingRuns.Retire(run, DateTimeOffset.UtcNow));
            Assert.True(await Eventually.TrueAsync(async () => (await StatusAsync(restarted)).GetProperty("runs").GetArrayLength() == 0, TimeSpan.FromSeconds(30)), "the retired run kept running");
            TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(6 * 5));
            await Task.Delay(1000);
            Assert.Equal(all.Count, TestKafka.ReadAll(kafka, run.OutputTopic).Count);
        }
        finally
        {
            await restarted.StopAsync();
            await restarted.DisposeAsync();
        }
    }

    private static WebApplication Reprocessor(StreamSetup setup, string modelAddress, string control)
    {
        var builder = WebApplication.CreateBuilder(
        [
            $"--ConnectionStrings:kafka={setup.Bootstrap}",
            $"--urls=http://127.0.0.1:{FreePort.Next()}",
            $"--services:trainer:grpc:0={modelAddress}",
            $"--ModelChannel:Token={Token}",
            "--ModelChannel:MinRetryDelay=00:00:00.050",
            "--ModelChannel:MaxRetryDelay=00:00:00.500",
            "--Inference:Role=Reprocessor",
            $"--Inference:InputTopic={setup.InputTopic}",
            $"--Inference:DeadLetterTopic={setup.DeadLetterTopic}",
            "--Inference:CommitInterval=00:00:00.200",
            $"--Reprocessor:ControlTopic={control}",
            "--Aspire:Confluent:Kafka:Consumer:Config:SessionTimeoutMs=6000",
            "--Aspire:Confluent:Kafka:Consumer:Config:HeartbeatIntervalMs=500",
            "--Logging:LogLevel:Default=Warning",
        ]);
        builder.AddServiceDefaults();
        builder.AddReprocessorServices();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapReprocessorEndpoints();
        return app;
    }


    private static async Task<JsonElement> StatusAsync(WebApplication app)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return await http.GetFromJsonAsync<JsonElement>("/status");
    }
}
