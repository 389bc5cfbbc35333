namespace Aspire.Hosting;

/// <summary>
/// What the application model does not say about a Kubernetes deployment: image names, resource sizes, volumes,
/// and the Kafka and dashboard workloads that replace what the AppHost runs locally.
/// </summary>
public sealed class KubernetesPublisherOptions
{
    /// <summary>Images of the services are <c>{ImageRepositoryPrefix}/{resource name}:{ImageTag}</c>.</summary>
    public string ImageRepositoryPrefix { get; set; } = "kappa-aspire";

    /// <summary>The tag written into the manifests; <c>kustomization.yaml</c>'s <c>images:</c> overrides it per image.</summary>
    public string ImageTag { get; set; } = "latest";

    /// <summary>
    /// The repository root, so <c>build-images.sh</c> names projects by relative path (the output is the same on every
    /// machine). <c>AddKubernetesPublisher</c> sets it to the AppHost directory's parent.
    /// </summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>The value of <c>app.kubernetes.io/part-of</c> on every object.</summary>
    public string PartOf { get; set; } = "kappa-aspire";

    /// <summary>Requests and limits of a service that <see cref="Services"/> does not name.</summary>
    public ComputeResources DefaultResources { get; set; } = new("100m", "256Mi", "1", "512Mi");

    /// <summary>Per-service settings, by resource name; services not listed get the defaults.</summary>
    public Dictionary<string, KubernetesServiceProfile> Services { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // Training holds the replayed log's features and fits gradient-boosted trees in memory; the registry must outlive pods.
        ["trainer"] = new()
        {
            Resources = new("250m", "512Mi", "2", "2Gi"),
            Volumes = [new PersistentVolumeProfile("models", "/data/models", "1Gi", EnvironmentVariable: "Trainer__RegistryPath")],
        },
        // Per-sensor feature state and the scorer; scaled out with replicas rather than up.
        ["inference"] = new() { Resources = new("200m", "256Mi", "1", "768Mi") },
    };

    /// <summary>The in-cluster Kafka that replaces the embedded broker (ignored when Kafka is external).</summary>
    public KafkaWorkloadProfile Kafka { get; } = new();

    /// <summary>The Aspire dashboard that receives every service's OTLP telemetry.</summary>
    public DashboardWorkloadProfile Dashboard { get; } = new();
}

/// <summary>Container resource requests and limits, as Kubernetes quantities (<c>100m</c>, <c>256Mi</c>).</summary>
public sealed record ComputeResources(string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit);

/// <summary>Kubernetes settings of one service.</summary>
public sealed class KubernetesServiceProfile
{
    /// <summary>Requests and limits; <see langword="null"/> for <see cref="KubernetesPublisherOptions.DefaultResources"/>.</summary>
    public ComputeResources? Resources { get; init; }

    /// <summary>Persistent volumes mounted into the service's pods.</summary>
    public IReadOnlyList<PersistentVolumeProfile> Volumes { get; init; } = [];
}

/// <summary>
/// A <c>PersistentVolumeClaim</c> named <c>{service}-{Name}</c> mounted at <paramref name="MountPath"/>. A service with a
/// volume runs as a single-writer: its Deployment uses the <c>Recreate</c> strategy so the claim is never attached twice.
/// </summary>
/// <param name="Name">The volume name (a DNS label).</param>
/// <param name="MountPath">Where the volume is mounted in the container.</param>
/// <param name="Size">The requested storage, e.g. <c>1Gi</c>.</param>
/// <param name="EnvironmentVariable">An environment variable set to <paramref name="MountPath"/>, e.g. the setting naming the directory.</param>
public sealed record PersistentVolumeProfile(string Name, string MountPath, string Size, string? EnvironmentVariable = null);

/// <summary>The single-node KRaft Kafka StatefulSet.</summary>
public sealed class KafkaWorkloadProfile
{
    public string Image { get; set; } = "apache/kafka:3.9.0";

    /// <summary>The log's volume size (one claim per broker, from the StatefulSet's claim template).</summary>
    public string StorageSize { get; set; } = "10Gi";

    /// <summary>
    /// The KRaft cluster id the log directory is formatted with: 16 bytes, base64url without padding. Fixed, so a pod that
    /// restarts on its existing volume is accepted by the cluster it formatted.
    /// </summary>
    public string ClusterId { get; set; } = "a2FwcGEtYXNwaXJlLWs4cw";

    public ComputeResources Resources { get; set; } = new("250m", "1Gi", "2", "2Gi");

    /// <summary>Passed as <c>KAFKA_HEAP_OPTS</c>; leaves the rest of the memory limit to the page cache.</summary>
    public string HeapOptions { get; set; } = "-Xms512m -Xmx512m";
}

/// <summary>The standalone Aspire dashboard.</summary>
public sealed class DashboardWorkloadProfile
{
    public const string Name = "aspire-dashboard";
    public const int FrontendPort = 18888;
    public const int OtlpGrpcPort = 18889;
    public const int OtlpHttpPort = 18890;

    /// <summary>Defaults to the dashboard of the Aspire version this AppHost is built with.</summary>
    public string Image { get; set; } = $"mcr.microsoft.com/dotnet/aspire-dashboard:{AspireMajorMinor()}";

    public ComputeResources Resources { get; set; } = new("100m", "256Mi", "1", "512Mi");

    private static string AspireMajorMinor()
    {
        var version = typeof(DistributedApplication).Assembly.GetName().Version!;
        return $"{version.Major}.{version.Minor}";
    }
}
