using Microsoft.Extensions.Logging;

namespace KappaAspire.AppHost.Kubernetes;

/// <summary>A resource's environment and arguments as its callbacks produce them in publish mode: references, not addresses.</summary>
internal static class ResourceSettings
{
    public static async Task<IReadOnlyList<KeyValuePair<string, object>>> EnvironmentAsync(
        IResource resource, DistributedApplicationExecutionContext executionContext, ILogger logger, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, object>(StringComparer.Ordinal);
        var context = new EnvironmentCallbackContext(executionContext, resource, environment, cancellationToken) { Logger = logger };
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context).ConfigureAwait(false);
        }

        return [.. environment.OrderBy(e => e.Key, StringComparer.Ordinal)];
    }

    public static async Task<IReadOnlyList<object>> ArgumentsAsync(
        IResource resource, DistributedApplicationExecutionContext executionContext, ILogger logger, CancellationToken cancellationToken)
    {
        var arguments = new List<object>();
        var context = new CommandLineArgsCallbackContext(arguments, resource, cancellationToken) { ExecutionContext = executionContext, Logger = logger };
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context).ConfigureAwait(false);
        }

        return arguments;
    }
}
