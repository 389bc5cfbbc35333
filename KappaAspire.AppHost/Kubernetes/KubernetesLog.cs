using Microsoft.Extensions.Logging;

namespace KappaAspire.AppHost.Kubernetes;

internal static partial class KubernetesLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote {Count} Kubernetes manifest files to {Directory}")]
    public static partial void LogKubernetesManifestsWritten(this ILogger logger, int count, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint '{Endpoint}' of '{Resource}' is HTTPS; it is not deployed (TLS ends at the cluster's ingress)")]
    public static partial void LogHttpsEndpointSkipped(this ILogger logger, string resource, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "'{Resource}': {Variable} refers to endpoint '{Endpoint}' of '{Service}', which the cluster does not serve; the variable is left out")]
    public static partial void LogUnreachableReferenceSkipped(this ILogger logger, string resource, string variable, string endpoint, string service);
}
