using System.Diagnostics.Metrics;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Pipeline.Simulation;
using KappaAspire.Trainer.Distribution;
using KappaAspire.Trainer.Registry;
using KappaAspire.Trainer.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Tests;

/// <summary>The registry on its own, over a real directory, with a detector trained from the simulator.</summary>
public sealed class ModelRegistryTests : IDisposable
{
    private static readonly Lazy<TrainedDetector> Detector = new(() =>
    {
        var store = new SensorStateStore();
        var examples = new SensorSimulator(new SensorSimulatorOptions { SensorCount = 10 }).Generate(6_000)
            .Select(r => LabeledExample.From(store, r.Reading, r.Truth)).ToArray();
        return DetectorTrainer.Train(examples, new DetectorTrainingOptions { NumberOfTrees = 10 }).Detector;
    });

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kappa-trainer-tests", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public void A_corrupt_promoted_package_gives_way_to_the_one_promoted_before_it()
    {
        var registry = Open(out _);
        Store(registry);
        Store(registry);
        registry.Promote("v0001", "test");
        registry.Promote("v0002", "test");
        var file = Path.Combine(_directory, "v0002" + ModelRegistry.PackageExtension);
        var bytes = File.ReadAllBytes(file);
        bytes[^10] ^= 0xFF; // one flipped bit in the model zip: the hash no longer matches
        File.WriteAllBytes(file, bytes);

        var reopened = Open(out var feed);

        Assert.Equal("v0001", reopened.PromotedVersion);
        Assert.Equal("v0001", feed.Current?.Version);
        Assert.Throws<InvalidModelPackageException>(() => reopened.Find("v0002"));
        Assert.Equal("v0001", Open(out _).PromotedVersion); // and the corrected history was saved
    }

    [Fact]
    public void New_versions_never_overwrite_a_package_file_even_an_unreadable_one()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "v0003" + ModelRegistry.PackageExtension), "not a package");
        var registry = Open(out _);

        Assert.Equal("v0004", Store(registry).Version);
        Assert.Equal(["v0004"], registry.Models.Select(m => m.Version));
        Assert.Equal("not a package", File.ReadAllText(Path.Combine(_directory, "v0003" + ModelRegistry.PackageExtension)));
    }

    [Fact]
    public void Rollback_walks_back_through_the_promotion_history()
    {
        var registry = Open(out var feed);
        for (var i = 0; i < 3; i++)
        {
            Store(registry);
        }

        Assert.Throws<InvalidOperationException>(registry.Rollback);
        registry.Promote("v0001", "test");
        registry.Promote("v0003", "test");
        registry.Promote("v0002", "test");
        registry.Promote("v0002", "again"); // already promoted: no new history entry

        Assert.Equal("v0003", registry.Rollback().Version);
        Assert.Equal("v0001", registry.Rollback().Version);
        Assert.Equal("v0001", feed.Current?.Version);
        Assert.Throws<InvalidOperationException>(registry.Rollback);
        Assert.Throws<KeyNotFoundException>(() => registry.Promote("v0009", "test"));
        Assert.Equal("v0001", Open(out _).PromotedVersion);
    }

    private ModelRegistry Open(out PromotedModelFeed feed)
    {
        var telemetry = new TrainerTelemetry(_services.GetRequiredService<IMeterFactory>());
        feed = new PromotedModelFeed(telemetry);
        var environment = new HostingEnvironment { ContentRootPath = Path.GetTempPath() };
        return new ModelRegistry(Options.Create(new TrainerOptions { RegistryPath = _directory }), environment, feed, telemetry, NullLogger<ModelRegistry>.Instance);
    }

    private static ModelPackage Store(ModelRegistry registry) =>
        registry.Store(Detector.Value, DateTimeOffset.UtcNow, [new OffsetRange(0, 0, 5_999)], new PromotionDecision(false, "stored by a test"));

    public void Dispose()
    {
        _services.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
