using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KappaAspire.AppHost.Kubernetes;

/// <summary>
/// Turns the application model, built in publish mode, into a kustomize directory: one file per workload
/// (<c>{name}.yaml</c>), <c>secrets.yaml</c>, <c>kustomization.yaml</c> and <c>build-images.sh</c>. The output depends on
/// the model and the options only — stable order, no timestamps — so it can be committed and checked for drift.
/// </summary>
public static class KubernetesManifestGenerator
{
    /// <summary>The command that regenerates the committed manifests.</summary>
    public const string Command = "dotnet run --project KappaAspire.AppHost -- --publisher kubernetes --output-path deploy/kubernetes";

    /// <summary>Starts every generated file (after a script's shebang); files starting so are the generator's to replace.</summary>
    internal const string HeaderMarker = "# Generated from the KappaAspire AppHost's application model";

    internal static readonly string Header =
        $"{HeaderMarker} by:\n#   {Command}\n# Do not edit: change the AppHost (or KappaAspire.AppHost/Kubernetes) and regenerate.\n";

    /// <summary>Renders the manifests: file name → content.</summary>
    /// <param name="model">The application model.</param>
    /// <param name="executionContext">The AppHost's execution context; must be in publish mode.</param>
    /// <param name="options">Images, sizes, volumes, Kafka and dashboard settings.</param>
    /// <param name="logger">Receives warnings about parts of the model that are left out.</param>
    /// <param name="cancellationToken">Cancels the evaluation of the resources' callbacks.</param>
    /// <exception cref="DistributedApplicationException">The model has something the cluster cannot express.</exception>
    public static async Task<IReadOnlyDictionary<string, string>> RenderAsync(
        DistributedApplicationModel model, DistributedApplicationExecutionContext executionContext, KubernetesPublisherOptions options,
        ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(executionContext);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!executionContext.IsPublishMode)
        {
            throw new InvalidOperationException("Kubernetes manifests are generated from a model built in publish mode (--publisher kubernetes).");
        }

        var topology = DeploymentTopology.Create(model, options, logger);
        var resolver = new ValueResolver(topology);
        var workloads = new List<(string File, IReadOnlyList<object> Objects)>();

        foreach (var kafka in topology.Kafka)
        {
            workloads.Add(($"{kafka.Name.ToLowerInvariant()}.yaml", await KafkaManifests.BuildAsync(kafka, options, cancellationToken).ConfigureAwait(false)));
        }

        workloads.Add(($"{DashboardWorkloadProfile.Name}.yaml", DashboardManifests.Build(options)));
        foreach (var service in topology.Services)
        {
            var objects = await ServiceManifests.BuildAsync(service, resolver, options, executionContext, logger, cancellationToken).ConfigureAwait(false);
            workloads.Add(($"{service.Name}.yaml", objects));
        }

        // Secrets last in evaluation (services reveal which parameters are secret), first in the kustomization.
        if (resolver.Secrets.Count > 0)
        {
            workloads.Insert(0, ("secrets.yaml", [.. resolver.Secrets.Keys.Select(Secret)]));
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, objects) in workloads)
        {
            files.Add(file, Yaml(KubernetesYaml.SerializeAll(objects)));
        }

        files.Add("kustomization.yaml", Yaml(KubernetesYaml.Serialize(Kustomization.Create(options, workloads.Select(w => w.File), topology.Services))));
        files.Add("build-images.sh", BuildImagesScript(topology.Services, options));
        return files;
    }

    private static string Yaml(string documents) => Header + documents.TrimEnd('\n') + "\n";

    /// <summary>Holds <see cref="ValueResolver.SecretPlaceholder"/> until the operator replaces it (see the README).</summary>
    private static V1Secret Secret(string name) => new()
    {
        ApiVersion = "v1",
        Kind = V1Secret.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, Labels = KubernetesNames.Labels(name, "secret") },
        Type = "Opaque",
        StringData = new SortedDictionary<string, string>(StringComparer.Ordinal) { [ValueResolver.SecretKeyName] = ValueResolver.SecretPlaceholder },
    };

    /// <summary>The .NET SDK builds each service's image (no Dockerfile), named as the manifests expect.</summary>
    private static string BuildImagesScript(IReadOnlyList<ServiceWorkload> services, KubernetesPublisherOptions options)
    {
        var script = new StringBuilder()
            .Append("#!/bin/sh\n")
            .Append(Header)
            .Append("# Builds the service images into the local container runtime with the .NET SDK's container support.\n")
            .Append("# Run from the repository root. TAG (default latest) tags them; with REGISTRY set they are pushed there.\n")
            .Append("set -eu\n")
            .Append("TAG=\"${TAG:-latest}\"\n")
            .Append("registry=\"\"\n")
            .Append("if [ -n \"${REGISTRY:-}\" ]; then registry=\"-p:ContainerRegistry=$REGISTRY\"; fi\n");
        foreach (var service in services)
        {
            var project = RepositoryPath(service.Resource.GetProjectMetadata().ProjectPath, options);
            script.Append($"dotnet publish {project} -c Release -t:PublishContainer -p:ContainerRepository={ServiceManifests.ImageRepository(service, options)} -p:ContainerImageTag=\"$TAG\" $registry\n");
        }

        return script.ToString();
    }

    private static string RepositoryPath(string path, KubernetesPublisherOptions options) =>
        options.RepositoryRoot is { } root ? Path.GetRelativePath(root, path).Replace('\\', '/') : path;
}
