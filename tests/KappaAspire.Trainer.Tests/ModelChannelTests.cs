using Grpc.Core;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Grpc;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Testing;
using KappaAspire.Trainer.Api;

namespace KappaAspire.Trainer.Tests;

public sealed class ModelChannelTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "kappa-trainer-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_watcher_gets_the_promoted_model_on_connect_then_each_newly_promoted_one()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 400);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry);
        Assert.Equal("v0001", (await host.TrainAsync()).Version);
        var client = host.GrpcClient();

        using var cts = new CancellationTokenSource(Timeout);
        using var watch = client.WatchModels(new WatchModelsRequest { ClientId = "test-pod", FeatureSchemaVersion = FeatureSchema.Version }, TrainerHost.Bearer(), cancellationToken: cts.Token);
        await using var packages = ModelChunkAssembler.AssembleAsync(watch.ResponseStream.ReadAllAsync(cts.Token), cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await packages.MoveNextAsync());
        var first = packages.Current;
        Assert.Equal("v0001", first.Version);
        Assert.Equal("v0001", AnomalyScorer.Load(first).Version); // hash and feature schema verified, as inference does

        // Same log, same model quality: the retrained candidate is not worse, so it is promoted and pushed.
        var second = await host.TrainAsync();
        Assert.Equal((TrainingOutcome.Promoted, "v0002"), (second.Outcome, second.Version));
        Assert.Equal("v0001", second.ServingVersion);
        Assert.True(await packages.MoveNextAsync());
        Assert.Equal("v0002", packages.Current.Version);

        var listed = await client.ListModelsAsync(new ListModelsRequest(), TrainerHost.Bearer());
        Assert.Equal("v0002", listed.CurrentVersion);
        Assert.Equal(["v0002", "v0001"], listed.Models.Select(m => m.Version));
        Assert.Equal([true, false], listed.Models.Select(m => m.IsCurrent));
        Assert.All(listed.Models, m => Assert.Equal(m.Version, ModelPackageSerializer.DeserializeMetadata(System.Text.Encoding.UTF8.GetBytes(m.MetadataJson)).Version));

        var byVersion = await GetModelAsync(client, "v0001");
        Assert.Equal(first.Metadata.Sha256, byVersion.Metadata.Sha256);
        Assert.Equal(first.ModelZip, byVersion.ModelZip);
        Assert.Equal("v0002", (await GetModelAsync(client, "")).Version);
        var missing = await Assert.ThrowsAsync<RpcException>(() => GetModelAsync(client, "v0099"));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Calls_without_the_token_or_with_a_wrong_one_are_unauthenticated()
    {
        await using var host = await TrainerHost.StartAsync(kafka, SimulatedLog.NewTopic(), _registry);
        var client = host.GrpcClient();

        foreach (var headers in new Metadata?[] { null, [], TrainerHost.Bearer("wrong-token"), new() { { "authorization", TrainerHost.Token } } })
        {
            var list = await Assert.ThrowsAsync<RpcException>(() => client.ListModelsAsync(new ListModelsRequest(), headers).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, list.StatusCode);

            using var watch = client.WatchModels(new WatchModelsRequest(), headers);
            var stream = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.Unauthenticated, stream.StatusCode);

            using var get = client.GetModel(new GetModelRequest(), headers);
            var model = await Assert.ThrowsAsync<RpcException>(() => get.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.Unauthenticated, model.StatusCode);
        }

        // The right token passes the interceptor: an empty registry answers, rather than refusing.
        var empty = await client.ListModelsAsync(new ListModelsRequest(), TrainerHost.Bearer());
        Assert.Empty(empty.Models);
        using var none = client.GetModel(new GetModelRequest(), TrainerHost.Bearer());
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => none.ResponseStream.MoveNext(CancellationToken.None))).StatusCode);
    }

    [Fact]
    public async Task Stopping_the_trainer_ends_open_watches_instead_of_waiting_for_the_clients()
    {
        var host = await TrainerHost.StartAsync(kafka, SimulatedLog.NewTopic(), _registry);
        try
        {
            using var watch = host.GrpcClient().WatchModels(new WatchModelsRequest { ClientId = "idle-watcher" }, TrainerHost.Bearer());
            var next = watch.ResponseStream.MoveNext(CancellationToken.None); // nothing promoted: waits for a promotion
            var feed = host.Service<Distribution.PromotedModelFeed>();
            using (var cts = new CancellationTokenSource(Timeout))
            {
                while (feed.SubscriberCount == 0)
                {
                    await Task.Delay(10, cts.Token);
                }
            }

            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await host.App.StopAsync();

            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stop took {stopping.Elapsed}");
            Assert.False(await next.WaitAsync(Timeout)); // the stream ended cleanly: the client reconnects
            Assert.Equal(0, feed.SubscriberCount);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    internal static async Task<ModelPackage> GetModelAsync(ModelDistribution.ModelDistributionClient client, string version)
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var call = client.GetModel(new GetModelRequest { Version = version }, TrainerHost.Bearer(), cancellationToken: cts.Token);
        var packages = new List<ModelPackage>();
        await foreach (var package in ModelChunkAssembler.AssembleAsync(call.ResponseStream.ReadAllAsync(cts.Token), cts.Token))
        {
            packages.Add(package);
        }

        return Assert.Single(packages);
    }

    public void Dispose()
    {
        try { Directory.Delete(_registry, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
