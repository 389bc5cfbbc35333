namespace KappaAspire.AppHost.Kubernetes;

/// <summary>
/// <c>kustomization.yaml</c>: the resource files, the <c>part-of</c> label on every object and pod (not on selectors,
/// which stay as generated), and an <c>images:</c> entry per service so overlays change tags and registries in one place.
/// </summary>
internal sealed class Kustomization
{
    public string ApiVersion { get; init; } = "kustomize.config.k8s.io/v1beta1";

    public string Kind { get; init; } = "Kustomization";

    public required List<LabelSet> Labels { get; init; }

    public required List<string> Resources { get; init; }

    /// <summary><see langword="null"/> (left out) while the model has no services.</summary>
    public required List<ImageOverride>? Images { get; init; }

    public static Kustomization Create(KubernetesPublisherOptions options, IEnumerable<string> files, IReadOnlyList<ServiceWorkload> services) => new()
    {
        Labels =
        [
            new LabelSet
            {
                Pairs = new SortedDictionary<string, string>(StringComparer.Ordinal) { [KubernetesNames.PartOfLabel] = options.PartOf },
                IncludeSelectors = false,
                IncludeTemplates = true,
            },
        ],
        Resources = [.. files],
        Images = services.Count == 0 ? null : [.. services.Select(s => new ImageOverride { Name = ServiceManifests.ImageRepository(s, options), NewTag = options.ImageTag })],
    };

    internal sealed class LabelSet
    {
        public required SortedDictionary<string, string> Pairs { get; init; }

        public bool IncludeSelectors { get; init; }

        public bool IncludeTemplates { get; init; }
    }

    internal sealed class ImageOverride
    {
        public required string Name { get; init; }

        public required string NewTag { get; init; }
    }
}
