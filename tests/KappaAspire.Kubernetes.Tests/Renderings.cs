[assembly: AssemblyFixture(typeof(KappaAspire.Kubernetes.Tests.Renderings))]

namespace KappaAspire.Kubernetes.Tests;

/// <summary>
/// The manifests of three models, rendered once for every specification: the real AppHost (whatever Program.cs wires
/// today), the full pipeline with in-cluster Kafka, and the full pipeline against an external Kafka cluster.
/// </summary>
public sealed class Renderings : IAsyncLifetime
{
    public const string AppHost = "apphost";
    public const string Pipeline = "pipeline";
    public const string External = "external";
    public const string ExternalBootstrapServers = "broker-1.example.net:9092,broker-2.example.net:9092";

    private readonly Dictionary<string, Rendering> _renderings = [];

    public static TheoryData<string> All => [AppHost, Pipeline, External];

    public static TheoryData<string> InCluster => [AppHost, Pipeline];

    internal Rendering this[string name] => _renderings[name];

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _renderings[AppHost] = await ManifestGeneration.PublishAppHostAsync(cancellationToken);
        _renderings[Pipeline] = await ManifestGeneration.RenderAsync(PipelineTopology.Create(), cancellationToken);
        _renderings[External] = await ManifestGeneration.RenderAsync(
            PipelineTopology.Create("--Kafka:Mode", "external", "--ConnectionStrings:kafka", ExternalBootstrapServers), cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
