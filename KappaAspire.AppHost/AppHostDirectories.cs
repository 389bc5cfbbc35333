namespace Aspire.Hosting;

/// <summary>Where the AppHost keeps state that must outlive a run (next to the Kafka log under <c>.kappa/</c>).</summary>
internal static class AppHostDirectories
{
    /// <summary>The trainer's model registry: <c>Trainer:RegistryPath</c>, else <c>.kappa/models</c> under the AppHost.</summary>
    public static string ModelRegistryDirectory(this IDistributedApplicationBuilder builder) =>
        Path.GetFullPath(builder.Configuration["Trainer:RegistryPath"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.AppHostDirectory, ".kappa", "models"));
}
