using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KappaAspire.AppHost.Tests;

/// <summary>Looks into an application model without running it.</summary>
internal static class ModelInspection
{
    /// <summary>
    /// A builder configured like the AppHost's (its directory, appsettings.json and orchestrator), for tests that add
    /// their own resources. <c>DistributedApplicationTestingBuilder.Create</c> needs an AppHost assembly on the call stack.
    /// </summary>
    public static IDistributedApplicationBuilder CreateBuilder(params string[] args) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = args,
            AssemblyName = typeof(KafkaServerResource).Assembly.GetName().Name,
            DisableDashboard = true,
        });

    public static EndpointAnnotation Endpoint(IResource resource, string name) =>
        resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == name);

    /// <summary>Stands in for the orchestrator, which allocates endpoints when it starts resources.</summary>
    public static void Allocate(IResource resource, string endpointName, string address, int port, string? targetPort = null)
    {
        var endpoint = Endpoint(resource, endpointName);
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, address, port, EndpointBindingMode.SingleAddress, targetPort);
    }

    /// <summary>Stands in for the orchestrator's allocation of an endpoint on Aspire's container network.</summary>
    public static void AllocateOnContainerNetwork(IResource resource, string endpointName, string address, int port)
    {
        var endpoint = Endpoint(resource, endpointName);
        var network = KnownNetworkIdentifiers.DefaultAspireContainerNetwork;
        endpoint.AllAllocatedEndpoints.AddOrUpdateAllocatedEndpoint(
            network, new AllocatedEndpoint(endpoint, address, port, EndpointBindingMode.SingleAddress, targetPortExpression: null, network));
    }

    /// <summary>The environment the orchestrator would give <paramref name="resource"/> in run mode.</summary>
    public static async Task<Dictionary<string, string>> EnvironmentAsync(DistributedApplication app, IResource resource, CancellationToken cancellationToken)
    {
        var executionContext = app.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(executionContext, NullLogger.Instance, cancellationToken);
        return configuration.EnvironmentVariables.ToDictionary();
    }

    public static KafkaServerResource Kafka(IDistributedApplicationBuilder appHost) =>
        appHost.Resources.OfType<KafkaServerResource>().Single();
}
