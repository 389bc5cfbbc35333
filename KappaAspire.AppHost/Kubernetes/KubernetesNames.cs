using System.Text.RegularExpressions;

namespace KappaAspire.AppHost.Kubernetes;

/// <summary>Kubernetes naming rules.</summary>
internal static partial class KubernetesNames
{
    public const string NameLabel = "app.kubernetes.io/name";
    public const string ComponentLabel = "app.kubernetes.io/component";
    public const string PartOfLabel = "app.kubernetes.io/part-of";

    /// <summary>Resource names become object names and DNS names: RFC 1123 labels.</summary>
    public static string Validate(string resourceName, string what)
    {
        var name = resourceName.ToLowerInvariant();
        if (name.Length > 63 || !DnsLabel().IsMatch(name))
        {
            throw new DistributedApplicationException(
                $"{what} '{resourceName}' cannot be a Kubernetes name: use up to 63 letters, digits and '-', starting with a letter and ending with a letter or digit.");
        }

        return name;
    }

    /// <summary>Port names are IANA service names: at most 15 characters, lowercase, with a letter.</summary>
    public static string PortName(string endpointName, string resourceName)
    {
        var name = endpointName.ToLowerInvariant();
        if (name.Length > 15 || !DnsLabel().IsMatch(name) || name.Contains("--", StringComparison.Ordinal))
        {
            throw new DistributedApplicationException(
                $"Endpoint '{endpointName}' of '{resourceName}' cannot name a Kubernetes port: use up to 15 letters, digits and single '-'.");
        }

        return name;
    }

    public static SortedDictionary<string, string> Labels(string name, string component) => new(StringComparer.Ordinal)
    {
        [NameLabel] = name,
        [ComponentLabel] = component,
    };

    public static SortedDictionary<string, string> Selector(string name) => new(StringComparer.Ordinal) { [NameLabel] = name };

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
