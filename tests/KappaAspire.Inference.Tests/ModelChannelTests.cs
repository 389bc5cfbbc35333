using System.Net;
using KappaAspire.Inference.Tests.Support;
using KappaAspire.Testing;

namespace KappaAspire.Inference.Tests;

public sealed class ModelChannelTests(EmbeddedKafkaFixture kafka, TrainedModels models)
{
    private const string Token = "channel-secret";

    [Fact]
    public async Task A_model_pushed_on_the_stream_scores_the_readings_after_it()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token);
        var simulator = Reference.Simulator(sensors: 6);

        var first = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(6 * 50));
        await host.WaitForStatusAsync(s => s.Totals.Predictions == first.Count, "the first batch scored");

        server.Publish(models.V2);
        await host.WaitForStatusAsync(s => s.Model?.Version == "v0002", "the swap to v0002");
        var second = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(6 * 50));

        var all = first.Concat(second).ToList();
        var predictions = TestKafka.BySource(
            TestKafka.ReadUntil(kafka, setup.PredictionsTopic, r => r.Count >= all.Count, TimeSpan.FromSeconds(20)));
        var features = Reference.FeaturesBySource(all);
        var v1 = TrainedModels.ScorerOf(models.V1);
        var v2 = TrainedModels.ScorerOf(models.V2);
        foreach (var (reading, scorer, version) in first.Select(r => (r, v1, "v0001")).Concat(second.Select(r => (r, v2, "v0002"))))
        {
            var prediction = predictions[(reading.Partition, reading.Offset)];
            var expected = scorer.Score(features[(reading.Partition, reading.Offset)], reading.Reading.Power);
            Assert.Equal(version, prediction.ModelVersion);
            Assert.Equal(expected.ExpectedPower, prediction.ExpectedPower);
            Assert.Equal(expected.Score, prediction.Score);
        }

        Assert.Equal(2, (await host.StatusAsync()).Totals.ModelsLoaded);
    }

    [Fact]
    public async Task A_tampered_package_or_one_for_another_feature_schema_is_refused_and_the_current_model_keeps_serving()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token);
        await host.WaitForStatusAsync(s => s.Model?.Version == "v0001" && s.Consuming, "v0001 in service");

        server.Push(TrainedModels.Tampered(models.V2, "v0002"));
        server.Push(TrainedModels.OtherSchema(models.V2, "v0003"));
        var status = await host.WaitForStatusAsync(s => s.Totals.ModelsRefused == 2, "both packages refused");
        Assert.Equal("v0001", status.Model?.Version);

        var written = TestKafka.WriteReadings(kafka, setup.InputTopic, Reference.Simulator(sensors: 4).Generate(40));
        var predictions = TestKafka.ReadUntil(kafka, setup.PredictionsTopic, r => r.Count >= written.Count, TimeSpan.FromSeconds(20));
        Assert.All(predictions, p => Assert.Equal("v0001", TestKafka.ParsePrediction(p).ModelVersion));

        // A good package after the bad ones is still taken: the stream survived the refusals.
        server.Publish(models.V2);
        await host.WaitForStatusAsync(s => s.Model?.Version == "v0002", "v0002 after the refusals");
    }

    [Fact]
    public async Task A_wrong_token_is_refused_retried_with_backoff_and_no_model_is_served()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, "not-the-secret");

        Assert.True(await Eventually.TrueAsync(() => server.RefusedCalls >= 3, TimeSpan.FromSeconds(20)), "the service should keep retrying");
        var status = await host.WaitForStatusAsync(s => s.ModelChannel.State == "Unauthenticated", "the refusal to show");
        Assert.Null(status.Model);
        Assert.False(status.Consuming);
        Assert.Contains("Unauthenticated", status.ModelChannel.Problem);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await host.HealthAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task The_service_reconnects_when_the_trainer_comes_back()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token);
        await host.WaitForStatusAsync(s => s.Model?.Version == "v0001", "v0001 in service");

        var address = new Uri(server.Address);
        await server.DisposeAsync();
        await host.WaitForStatusAsync(s => s.ModelChannel.State == "Unavailable", "the lost channel to show");

        await using var restarted = await TestModelServer.StartAsync(Token, models.V2, address.Port);
        var status = await host.WaitForStatusAsync(s => s.Model?.Version == "v0002", "v0002 from the restarted trainer");
        Assert.Equal("Subscribed", status.ModelChannel.State);
    }

    [Fact]
    public async Task A_pinned_model_is_fetched_by_version_and_promotions_do_not_replace_it()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        server.Publish(models.V2); // v0002 is the promoted one when the run starts
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token, "--Inference:Model=v0001");
        await host.WaitForStatusAsync(s => s.Model?.Version == "v0001" && s.Consuming, "the pinned v0001 in service");

        server.Publish(TrainedModels.Tampered(models.V2, "v0003"));
        var written = TestKafka.WriteReadings(kafka, setup.InputTopic, Reference.Simulator(sensors: 4).Generate(40));
        var predictions = TestKafka.ReadUntil(kafka, setup.PredictionsTopic, r => r.Count >= written.Count, TimeSpan.FromSeconds(20));

        Assert.All(predictions, p => Assert.Equal("v0001", TestKafka.ParsePrediction(p).ModelVersion));
        var status = await host.StatusAsync();
        Assert.Equal(("v0001", 1L, 0L, 0), (status.Model?.Version, status.Totals.ModelsLoaded, status.Totals.ModelsRefused, server.Subscribers));
    }

    [Fact]
    public async Task A_pinned_model_the_trainer_does_not_have_is_never_replaced_by_another_and_nothing_is_scored()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token, "--Inference:Model=v0009");

        var status = await host.WaitForStatusAsync(s => s.ModelChannel.State == "Unavailable" && s.ModelChannel.Problem!.Contains("NotFound"), "the missing version to show");
        Assert.Null(status.Model);
        Assert.False(status.Consuming);
    }
}
