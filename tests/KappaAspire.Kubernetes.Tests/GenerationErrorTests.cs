using Aspire.Hosting;

namespace KappaAspire.Kubernetes.Tests;

/// <summary>What the cluster cannot express is refused with a message that says what to do, never dropped silently.</summary>
public sealed class GenerationErrorTests
{
    [Fact(Timeout = 30_000)]
    public async Task External_Kafka_without_bootstrap_servers_is_refused_naming_the_setting()
    {
        var builder = PipelineTopology.Create("--Kafka:Mode", "external");

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => ManifestGeneration.RenderAsync(builder, TestContext.Current.CancellationToken));

        Assert.Contains("--ConnectionStrings:kafka", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_external_connection_string_with_credentials_is_kept_out_of_a_ConfigMap()
    {
        var builder = PipelineTopology.Create(
            "--Kafka:Mode", "external", "--ConnectionStrings:kafka", "BootstrapServers=b:9092;SaslUsername=u;SaslPassword=p");

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => ManifestGeneration.RenderAsync(builder, TestContext.Current.CancellationToken));

        Assert.Contains("Secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SaslPassword=p", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_resource_kind_the_publisher_cannot_deploy_is_refused_by_name()
    {
        var builder = PipelineTopology.Create();
        builder.AddContainer("cache", "redis", "7");

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => ManifestGeneration.RenderAsync(builder, TestContext.Current.CancellationToken));

        Assert.Contains("'cache'", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_replicated_service_with_a_persistent_volume_is_refused()
    {
        var builder = PipelineTopology.Create();
        builder.AddProject("worker", Path.Combine(ManifestGeneration.RepositoryRoot, "services", "KappaAspire.Producer", "KappaAspire.Producer.csproj"))
            .WithReplicas(3);
        builder.AddKubernetesPublisher(options => options.Services["worker"] = new KubernetesServiceProfile
        {
            Volumes = [new PersistentVolumeProfile("state", "/data/state", "1Gi")],
        });

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => ManifestGeneration.RenderAsync(builder, TestContext.Current.CancellationToken));

        Assert.Contains("'worker' has 3 replicas", error.Message, StringComparison.Ordinal);
    }
}
