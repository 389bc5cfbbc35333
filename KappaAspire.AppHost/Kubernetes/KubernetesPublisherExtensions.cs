#pragma warning disable ASPIREPIPELINES001 // The pipeline API is how an AppHost adds a publish step in Aspire 13.

using Aspire.Hosting.Pipelines;
using KappaAspire.AppHost.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>Generates Kubernetes manifests (a kustomize directory) from the application model.</summary>
public static class KubernetesPublisherExtensions
{
    /// <summary>The publisher name: <c>--publisher kubernetes</c>.</summary>
    public const string PublisherName = "kubernetes";

    /// <summary>The pipeline step that writes the manifests; part of the <c>publish</c> step.</summary>
    public const string StepName = "publish-kubernetes";

    /// <summary>
    /// Adds the <c>publish-kubernetes</c> pipeline step. Run it with
    /// <c>dotnet run --project KappaAspire.AppHost -- --publisher kubernetes --output-path deploy/kubernetes</c>
    /// (or <c>--operation publish --step publish-kubernetes</c>); the output path defaults to <c>deploy/kubernetes</c> at
    /// the repository root. In run mode nothing changes. Calling it again has no further effect.
    /// </summary>
    /// <remarks>
    /// The step walks the model built in publish mode: one Deployment, Service and ConfigMap per project resource, real
    /// Kafka in place of the embedded broker (or, with <c>Kafka:Mode=external</c>, only its bootstrap servers), a Secret
    /// per secret parameter and an Aspire dashboard. Only this step and nothing else of the publish pipeline runs, so no
    /// parameter is prompted for and no deployment state is written.
    /// </remarks>
    /// <param name="builder">The distributed application builder.</param>
    /// <param name="configure">Adjusts images, resource sizes, volumes, Kafka and the dashboard.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    public static IDistributedApplicationBuilder AddKubernetesPublisher(this IDistributedApplicationBuilder builder, Action<KubernetesPublisherOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(s => s.ServiceType == typeof(KubernetesPublisherOptions)))
        {
            return builder;
        }

        var options = new KubernetesPublisherOptions { RepositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..")) };
        configure?.Invoke(options);
        builder.Services.AddSingleton(options);

        // Like Aspire's "--publisher manifest": the publisher name alone selects its step, so the rest of the publish
        // pipeline (parameter prompts, container builds, deployment state) stays out of it.
        var configuration = builder.Configuration;
        if (string.Equals(configuration["Publishing:Publisher"], PublisherName, StringComparison.OrdinalIgnoreCase)
            && string.IsNullOrEmpty(configuration["Pipeline:Step"]))
        {
            configuration["Pipeline:Step"] = StepName;
        }

        var defaultOutput = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "deploy", "kubernetes"));
        builder.Pipeline.AddStep(new PipelineStep
        {
            Name = StepName,
            Description = "Writes Kubernetes manifests (kustomize) generated from the application model.",
            Action = context => PublishAsync(context, defaultOutput),
            RequiredBySteps = [WellKnownPipelineSteps.Publish],
        });
        return builder;
    }

    private static async Task PublishAsync(PipelineStepContext context, string defaultOutput)
    {
        var services = context.Services;
        var configured = services.GetRequiredService<IConfiguration>()["Pipeline:OutputPath"];
        // The AppHost runs in its project directory, so a relative --output-path is taken from the repository root,
        // where the documented command is typed (Aspire's own output service would resolve it under the AppHost).
        var output = string.IsNullOrWhiteSpace(configured)
            ? defaultOutput
            : Path.GetFullPath(configured, Path.GetFullPath(Path.Combine(defaultOutput, "..", "..")));

        IReadOnlyDictionary<string, string> files;
        try
        {
            files = await KubernetesManifestGenerator.RenderAsync(
                context.Model, context.ExecutionContext, services.GetRequiredService<KubernetesPublisherOptions>(), context.Logger, context.CancellationToken)
                .ConfigureAwait(false);
            ManifestWriter.Write(output, files);
        }
        catch
        {
            // Aspire logs the failure and stops the AppHost, whose Run() then returns normally: without this the command
            // would exit with 0 and a script or CI job would carry on as if the manifests had been written.
            Environment.ExitCode = 1;
            throw;
        }

        context.Summary.Add("Kubernetes manifests", output);
        context.Logger.LogKubernetesManifestsWritten(files.Count, output);
    }
}
