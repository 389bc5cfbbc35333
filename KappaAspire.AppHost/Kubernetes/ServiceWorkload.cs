namespace KappaAspire.AppHost.Kubernetes;

/// <summary>A project resource deployed as a Deployment and a Service.</summary>
internal sealed record ServiceWorkload(
    ProjectResource Resource, string Name, int Replicas, IReadOnlyList<ServicePort> Ports, KubernetesServiceProfile Profile)
{
    /// <summary>The port the probes use: the <c>http</c> endpoint, else the first HTTP one.</summary>
    public ServicePort HttpPort => Ports.FirstOrDefault(p => p.EndpointName == "http" && p.IsHttp) ?? Ports.First(p => p.IsHttp);
}

/// <summary>One endpoint of a service: container port and Service port are the same number.</summary>
internal sealed record ServicePort(string EndpointName, string PortName, int Port, string Scheme, string Transport)
{
    public bool IsHttp => Scheme == "http";

    /// <summary>Tells meshes and gateways the protocol: cleartext HTTP/2 for gRPC-only endpoints.</summary>
    public string? AppProtocol => !IsHttp ? null : Transport == "http2" ? "kubernetes.io/h2c" : "http";
}

/// <summary>An endpoint as seen from inside the cluster: the Service name and its port.</summary>
internal sealed record ClusterEndpoint(string Host, int Port, int TargetPort, string Scheme)
{
    public string Url => $"{Scheme}://{Host}:{Port}";
}

/// <summary>A reference to an endpoint the cluster does not serve (an HTTPS endpoint): the reference is left out.</summary>
internal sealed class UnreachableEndpointException(string service, string endpoint)
    : DistributedApplicationException($"Endpoint '{endpoint}' of '{service}' is not served in the cluster.")
{
    public string Service { get; } = service;

    public string Endpoint { get; } = endpoint;
}
