using System.Net.Http.Json;
using System.Net;
using Grpc.Core;
using KappaAspire.Pipeline.Catalog;
using KappaAspire.Pipeline.Grpc;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Testing;
using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Registry;

namespace KappaAspire.Trainer.Tests;

public sealed class RegistryTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "kappa-trainer-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_restarted_trainer_lists_its_versions_and_serves_the_promoted_one_at_once()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 400);
        ModelList before;
        await using (var first = await TrainerHost.StartAsync(kafka, topic, _registry, "--Trainer:TrainOnStart=true"))
        {
            var startup = (await first.WaitForTrainingAsync(o => o.Last is not null, Timeout)).Last!;
            Assert.Equal(("startup", TrainingOutcome.Promoted, "v0001"), (startup.Trigger, startup.Outcome, startup.Version));
            before = await first.ModelsAsync();
        }

        Assert.True(File.Exists(Path.Combine(_registry, "v0001" + ModelRegistry.PackageExtension)));
        Assert.True(File.Exists(Path.Combine(_registry, ModelRegistry.IndexFileName)));

        await using var second = await TrainerHost.StartAsync(kafka, topic, _registry);
        var after = await second.ModelsAsync();
        Assert.Equal("v0001", after.Promoted);
        Assert.Equal(before.Models.Select(m => (m.Version, m.Sha256, m.CreatedAt, m.IsPromoted, m.Decision)), after.Models.Select(m => (m.Version, m.Sha256, m.CreatedAt, m.IsPromoted, m.Decision)));
        Assert.Null((await second.TrainingAsync()).Last); // nothing retrained: the model comes from the registry

        using var cts = new CancellationTokenSource(Timeout);
        using var watch = second.GrpcClient().WatchModels(new WatchModelsRequest { ClientId = "after-restart" }, TrainerHost.Bearer(), cancellationToken: cts.Token);
        await foreach (var package in ModelChunkAssembler.AssembleAsync(watch.ResponseStream.ReadAllAsync(cts.Token), cts.Token))
        {
            Assert.Equal("v0001", package.Version);
            Assert.Equal(before.Models[0].Sha256, package.Metadata.Sha256);
            break;
        }
    }

    [Fact]
    public async Task A_worse_candidate_is_stored_but_not_promoted_and_promote_and_rollback_switch_what_watchers_get()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 600);
        await using (var good = await TrainerHost.StartAsync(kafka, topic, _registry))
        {
            Assert.Equal(TrainingOutcome.Promoted, (await good.TrainAsync()).Outcome);
        }

        // The same log through a crippled detector (one stump, barely learning): a real, and really worse, candidate.
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry,
            "--Trainer:Detector:NumberOfTrees=1", "--Trainer:Detector:NumberOfLeaves=2", "--Trainer:Detector:LearningRate=0.01");
        var worse = await host.TrainAsync();
        Assert.Equal((TrainingOutcome.Rejected, "v0002", false, "v0001"), (worse.Outcome, worse.Version, worse.Promoted, worse.ServingVersion));
        Assert.StartsWith("worse than serving", worse.Decision);
        var models = await host.ModelsAsync();
        Assert.Equal("v0001", models.Promoted);
        Assert.Equal(["v0002", "v0001"], models.Models.Select(m => m.Version));

        using var cts = new CancellationTokenSource(Timeout);
        using var watch = host.GrpcClient().WatchModels(new WatchModelsRequest { ClientId = "watcher" }, TrainerHost.Bearer(), cancellationToken: cts.Token);
        await using var packages = ModelChunkAssembler.AssembleAsync(watch.ResponseStream.ReadAllAsync(cts.Token), cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await packages.MoveNextAsync());
        Assert.Equal("v0001", packages.Current.Version);

        using (var promote = await host.Http.PostAsync("/models/v0002/promote", null))
        {
            Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
            Assert.Equal("v0002", (await promote.Content.ReadFromJsonAsync(TrainerJsonContext.Default.ModelList))!.Promoted);
        }

        Assert.True(await packages.MoveNextAsync());
        Assert.Equal("v0002", packages.Current.Version);

        using (var rollback = await host.Http.PostAsync("/models/rollback", null))
        {
            Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
            Assert.Equal("v0001", (await rollback.Content.ReadFromJsonAsync(TrainerJsonContext.Default.ModelList))!.Promoted);
        }

        Assert.True(await packages.MoveNextAsync());
        Assert.Equal("v0001", packages.Current.Version);
        Assert.Equal("v0001", (await host.ModelsAsync()).Promoted);

        using var nothingBefore = await host.Http.PostAsync("/models/rollback", null);
        Assert.Equal(HttpStatusCode.Conflict, nothingBefore.StatusCode);
        using var unknown = await host.Http.PostAsync("/models/v0042/promote", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    public void Dispose()
    {
        try { Directory.Delete(_registry, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
