using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using k8s;
using k8s.Models;
using KappaAspire.AppHost.Kubernetes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace KappaAspire.Kubernetes.Tests;

/// <summary>Builds application models in publish mode and renders their manifests the way the publish step does.</summary>
internal static class ManifestGeneration
{
    public static readonly string RepositoryRoot = FindRepositoryRoot();

    public static string CommittedDirectory => Path.Combine(RepositoryRoot, "deploy", "kubernetes");

    /// <summary>The real AppHost (its Program.cs, appsettings.json and configuration), built for <c>--publisher kubernetes</c>.</summary>
    public static async Task<IDistributedApplicationTestingBuilder> AppHostAsync(params string[] args)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KappaAspire_AppHost>(["--publisher", "kubernetes", .. args]);
        builder.AddKubernetesPublisher();   // a no-op once Program.cs adds it
        return builder;
    }

    /// <summary>
    /// Runs the real AppHost the way the documented command does: the AppHost's own <c>Run()</c> executes the publish
    /// pipeline, whose Kubernetes step writes into a temporary <c>--output-path</c>; the rendering is what it wrote.
    /// </summary>
    public static async Task<Rendering> PublishAppHostAsync(CancellationToken cancellationToken, params string[] args)
    {
        var output = Directory.CreateTempSubdirectory("kappa-k8s-").FullName;
        try
        {
            var builder = await AppHostAsync(["--output-path", output, .. args]);
            await using var app = await builder.BuildAsync(cancellationToken);

            // Read before running: when the AppHost's Run() returns, its services are disposed.
            var rendering = await CreateRenderingAsync(app, new Dictionary<string, string>(), cancellationToken);
            await app.StartAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);

            var files = Directory.EnumerateFiles(output).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f));
            if (files.Count == 0)
            {
                throw new InvalidOperationException("The publish-kubernetes step wrote nothing: it failed (its error is in the AppHost's log) or did not run.");
            }

            return new Rendering(rendering.Model, files, rendering.Environments);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>
    /// Renders a model built here (not by an AppHost entry point, whose <c>Run()</c> would publish) by calling the
    /// generator directly, so its errors surface as exceptions.
    /// </summary>
    public static async Task<Rendering> RenderAsync(IDistributedApplicationBuilder builder, CancellationToken cancellationToken)
    {
        builder.AddKubernetesPublisher();
        await using var app = builder.Build();
        var files = await RenderAsync(app, cancellationToken);
        return await CreateRenderingAsync(app, files, cancellationToken);
    }

    /// <summary>The generator's output for a built application, as the publish step computes it.</summary>
    public static Task<IReadOnlyDictionary<string, string>> RenderAsync(DistributedApplication app, CancellationToken cancellationToken) =>
        KubernetesManifestGenerator.RenderAsync(
            app.Services.GetRequiredService<DistributedApplicationModel>(),
            app.Services.GetRequiredService<DistributedApplicationExecutionContext>(),
            app.Services.GetRequiredService<KubernetesPublisherOptions>(),
            NullLogger.Instance,
            cancellationToken);

    private static async Task<Rendering> CreateRenderingAsync(DistributedApplication app, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var executionContext = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var environments = new Dictionary<string, IReadOnlyDictionary<string, object>>(StringComparer.OrdinalIgnoreCase);
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            environments[project.Name] = await EnvironmentAsync(project, executionContext, cancellationToken);
        }

        return new Rendering(model, files, environments);
    }

    /// <summary>What the model sets in a resource's environment in publish mode: values and unresolved references.</summary>
    private static async Task<IReadOnlyDictionary<string, object>> EnvironmentAsync(
        IResource resource, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(executionContext, resource, environment, cancellationToken);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return environment;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "KappaAspire.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No KappaAspire.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A model and its manifests (file name → text), with the objects parsed into KubernetesClient's types.</summary>
internal sealed class Rendering(
    DistributedApplicationModel model, IReadOnlyDictionary<string, string> files, IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> environments)
{
    public DistributedApplicationModel Model { get; } = model;

    /// <summary>Each project resource's environment as the model gives it in publish mode, by resource name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> Environments { get; } = environments;

    /// <summary>The project resources that become services: every one except a Kafka resource's local broker.</summary>
    public IEnumerable<ProjectResource> Services =>
        Model.Resources.OfType<ProjectResource>().Where(p => !Model.Resources.OfType<KafkaServerResource>().Any(k => ReferenceEquals(k.Broker, p)));

    public IReadOnlyDictionary<string, string> Files { get; } = files;

    /// <summary>Every object of every YAML file, deserialized strictly (an unknown field fails).</summary>
    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects { get; } =
        [.. files.Where(f => f.Key.EndsWith(".yaml", StringComparison.Ordinal) && f.Key != "kustomization.yaml")
            .SelectMany(f => KubernetesYaml.LoadAllFromString(f.Value, strict: true))
            .Cast<IKubernetesObject<V1ObjectMeta>>()];

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Single<T>(string name) where T : IKubernetesObject<V1ObjectMeta> =>
        Objects.OfType<T>().SingleOrDefault(o => o.Metadata.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"No {typeof(T).Name} named '{name}' among: {string.Join(", ", Objects.Select(o => $"{o.Kind}/{o.Metadata.Name}"))}");

    public V1ConfigMap ConfigMapOf(V1Deployment deployment) =>
        Single<V1ConfigMap>(deployment.Spec.Template.Spec.Containers.Single().EnvFrom.Single().ConfigMapRef.Name);
}
