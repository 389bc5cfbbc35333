using Microsoft.Extensions.Logging;

namespace KappaAspire.AppHost.Kubernetes;

/// <summary>
/// What of the application model becomes a workload in the cluster, and under which DNS name and port each endpoint is
/// reached there. Project resources become services; each Kafka resource becomes Kafka (its local broker — the embedded
/// one or the container — never appears); everything else is either configuration (parameters) or not supported.
/// </summary>
internal sealed class DeploymentTopology
{
    /// <summary>The port of every Kafka Service and listener in the cluster.</summary>
    public const int KafkaPort = 9092;

    public const int DefaultHttpPort = 8080;

    private DeploymentTopology(IReadOnlyList<KafkaServerResource> kafka, IReadOnlyList<ServiceWorkload> services)
    {
        Kafka = kafka;
        Services = services;
    }

    /// <summary>The Kafka resources, by name.</summary>
    public IReadOnlyList<KafkaServerResource> Kafka { get; }

    /// <summary>The services (project resources), by name.</summary>
    public IReadOnlyList<ServiceWorkload> Services { get; }

    public static DeploymentTopology Create(DistributedApplicationModel model, KubernetesPublisherOptions options, ILogger logger)
    {
        var resources = model.Resources.Where(r => !r.IsExcludedFromPublish()).ToList();
        var kafka = resources.OfType<KafkaServerResource>().OrderBy(k => k.Name, StringComparer.Ordinal).ToList();
        var brokers = kafka.Select(k => k.Broker).OfType<IResource>().ToHashSet();

        var services = new List<ServiceWorkload>();
        var unsupported = new List<string>();
        foreach (var resource in resources.Where(r => !brokers.Contains(r)))
        {
            switch (resource)
            {
                case ProjectResource project:
                    services.Add(CreateService(project, options, logger));
                    break;
                case IComputeResource:
                    unsupported.Add($"'{resource.Name}' ({resource.GetType().Name})");
                    break;
            }
        }

        if (unsupported.Count > 0)
        {
            throw new DistributedApplicationException(
                $"The Kubernetes publisher deploys project resources and Kafka only; it cannot deploy {string.Join(", ", unsupported)}. " +
                "Exclude them from publishing (ExcludeFromManifest) or extend KappaAspire.AppHost/Kubernetes.");
        }

        var names = services.Select(s => s.Name).Concat(kafka.Select(k => KubernetesNames.Validate(k.Name, "Kafka resource")))
            // Workload names are also file names next to secrets.yaml and kustomization.yaml.
            .Concat([DashboardWorkloadProfile.Name, "secrets", "kustomization"])
            .GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (names.Count > 0)
        {
            throw new DistributedApplicationException($"More than one Kubernetes workload would be named {string.Join(", ", names)}.");
        }

        return new DeploymentTopology(kafka, [.. services.OrderBy(s => s.Name, StringComparer.Ordinal)]);
    }

    /// <summary>Where a referenced endpoint is reached inside the cluster.</summary>
    public ClusterEndpoint Resolve(EndpointReference endpoint)
    {
        if (Kafka.FirstOrDefault(k => ReferenceEquals(k.Broker, endpoint.Resource)) is { } kafka)
        {
            if (!string.Equals(endpoint.EndpointName, KafkaServerResource.PrimaryEndpointName, StringComparison.OrdinalIgnoreCase))
            {
                throw new DistributedApplicationException(
                    $"Endpoint '{endpoint.EndpointName}' of the local Kafka broker '{endpoint.Resource.Name}' has no counterpart in the cluster; reference the Kafka resource '{kafka.Name}' instead.");
            }

            return new ClusterEndpoint(kafka.Name, KafkaPort, KafkaPort, "tcp");
        }

        var service = Services.FirstOrDefault(s => ReferenceEquals(s.Resource, endpoint.Resource))
            ?? throw new DistributedApplicationException(
                $"Endpoint '{endpoint.EndpointName}' of '{endpoint.Resource.Name}' is referenced, but '{endpoint.Resource.Name}' is not deployed to Kubernetes.");
        var port = service.Ports.FirstOrDefault(p => string.Equals(p.EndpointName, endpoint.EndpointName, StringComparison.OrdinalIgnoreCase))
            ?? throw new UnreachableEndpointException(service.Name, endpoint.EndpointName);
        return new ClusterEndpoint(service.Name, port.Port, port.Port, port.Scheme);
    }

    private static ServiceWorkload CreateService(ProjectResource project, KubernetesPublisherOptions options, ILogger logger)
    {
        var name = KubernetesNames.Validate(project.Name, "Project resource");
        var replicas = project.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;
        options.Services.TryGetValue(project.Name, out var profile);
        var ports = AllocatePorts(project, logger);

        if (profile is { Volumes.Count: > 0 } && replicas > 1)
        {
            throw new DistributedApplicationException(
                $"'{project.Name}' has {replicas} replicas and a persistent volume; a ReadWriteOnce volume serves one pod. Use one replica.");
        }

        return new ServiceWorkload(project, name, replicas, ports, profile ?? new KubernetesServiceProfile());
    }

    /// <summary>
    /// Container ports: an endpoint's target port when the model sets one; otherwise 8080 for the <c>http</c> endpoint and
    /// 8081, 8082 … for the others, in declaration order. Every service serves HTTP (health probes), so a project without
    /// an HTTP endpoint gets one on 8080. HTTPS endpoints are left out: TLS ends at the cluster's ingress.
    /// </summary>
    private static List<ServicePort> AllocatePorts(ProjectResource project, ILogger logger)
    {
        var endpoints = project.Annotations.OfType<EndpointAnnotation>().ToList();
        foreach (var https in endpoints.Where(e => e.UriScheme == "https"))
        {
            logger.LogHttpsEndpointSkipped(project.Name, https.Name);
        }

        endpoints.RemoveAll(e => e.UriScheme == "https");
        var used = endpoints.Where(e => e.TargetPort is not null).Select(e => e.TargetPort!.Value).ToHashSet();
        var assigned = new Dictionary<EndpointAnnotation, int>();
        var http = endpoints.FirstOrDefault(e => e.Name == "http") ?? endpoints.FirstOrDefault(e => e.UriScheme == "http");
        if (http is { TargetPort: null } && used.Add(DefaultHttpPort))
        {
            assigned[http] = DefaultHttpPort;
        }

        var next = DefaultHttpPort + 1;
        var ports = new List<ServicePort>();
        foreach (var endpoint in endpoints)
        {
            if (endpoint.TargetPort is not { } port && !assigned.TryGetValue(endpoint, out port))
            {
                while (!used.Add(next))
                {
                    next++;
                }

                port = next;
            }

            ports.Add(new ServicePort(endpoint.Name, KubernetesNames.PortName(endpoint.Name, project.Name), port, endpoint.UriScheme, endpoint.Transport));
        }

        if (!ports.Any(p => p.IsHttp))
        {
            var port = used.Contains(DefaultHttpPort) ? Enumerable.Range(next, 1000).First(p => !used.Contains(p)) : DefaultHttpPort;
            ports.Insert(0, new ServicePort("http", "http", port, "http", "http"));
        }

        var clashes = ports.GroupBy(p => p.Port).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (clashes.Count > 0)
        {
            throw new DistributedApplicationException($"Endpoints of '{project.Name}' share the target port {string.Join(", ", clashes)}.");
        }

        return ports;
    }
}
