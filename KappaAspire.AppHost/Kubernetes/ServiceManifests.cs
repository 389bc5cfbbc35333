#pragma warning disable ASPIREPROBES001 // Probe annotations: WithHttpProbe in the model replaces the default probes.

using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KappaAspire.AppHost.Kubernetes;

/// <summary>
/// A project resource as a ConfigMap (its non-secret environment), a Deployment, a ClusterIP Service and the claims of
/// its volumes.
/// </summary>
internal static class ServiceManifests
{
    /// <summary>The user of the .NET container images the SDK builds (<c>APP_UID</c>); runs the service, owns its volumes.</summary>
    private const long AppUserId = 1654;

    /// <summary>Inference drains in-flight predictions for up to 30 s when it stops.</summary>
    private const long TerminationGracePeriodSeconds = 45;

    /// <summary>Variables the generator owns: where the service listens is decided by its container ports.</summary>
    private static readonly string[] ListenerVariables =
        ["ASPNETCORE_URLS", "HTTP_PORTS", "HTTPS_PORTS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "ASPNETCORE_HTTPS_PORT"];

    public static async Task<IReadOnlyList<object>> BuildAsync(
        ServiceWorkload service, ValueResolver resolver, KubernetesPublisherOptions options,
        DistributedApplicationExecutionContext executionContext, ILogger logger, CancellationToken cancellationToken)
    {
        var environment = await ResourceSettings.EnvironmentAsync(service.Resource, executionContext, logger, cancellationToken).ConfigureAwait(false);
        var arguments = await ResourceSettings.ArgumentsAsync(service.Resource, executionContext, logger, cancellationToken).ConfigureAwait(false);

        var data = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var references = new SortedDictionary<string, ClusterValue>(StringComparer.Ordinal);
        foreach (var (name, value) in environment)
        {
            if (ListenerVariables.Contains(name, StringComparer.OrdinalIgnoreCase) || name.StartsWith("Kestrel__Endpoints__", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            ClusterValue? resolved;
            try
            {
                resolved = await resolver.ResolveAsync(value, cancellationToken).ConfigureAwait(false);
            }
            catch (UnreachableEndpointException ex)
            {
                logger.LogUnreachableReferenceSkipped(service.Name, name, ex.Endpoint, ex.Service);
                continue;
            }

            switch (resolved)
            {
                case ClusterValue.Literal literal:
                    data[name] = literal.Value;
                    break;
                case not null:
                    references[name] = resolved;
                    break;
            }
        }

        void Set(string name, string value)
        {
            references.Remove(name);
            data[name] = value;
        }

        Set("ASPNETCORE_URLS", string.Join(';', service.Ports.Where(p => p.IsHttp).Select(p => $"http://+:{p.Port}")));
        var otlp = service.Resource.Annotations.OfType<OtlpExporterAnnotation>().Any();
        if (otlp)
        {
            Set("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://{DashboardWorkloadProfile.Name}:{DashboardWorkloadProfile.OtlpGrpcPort}");
            Set("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
            Set("OTEL_SERVICE_NAME", service.Name);
        }

        foreach (var volume in service.Profile.Volumes.Where(v => v.EnvironmentVariable is not null))
        {
            Set(volume.EnvironmentVariable!, volume.MountPath);
        }

        var args = new List<string>();
        foreach (var argument in arguments)
        {
            args.Add(await resolver.ResolveAsync(argument, cancellationToken).ConfigureAwait(false) switch
            {
                ClusterValue.Literal literal => literal.Value,
                null => "",
                _ => throw new DistributedApplicationException($"An argument of '{service.Name}' is a secret; pass secrets as environment variables."),
            });
        }

        var configMap = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = V1ConfigMap.KubeKind,
            Metadata = Metadata(ConfigMapName(service), service.Name),
            Data = data,
        };

        var objects = new List<object> { configMap };
        objects.AddRange(service.Profile.Volumes.Select(v => Claim(service, v)));
        objects.Add(Deployment(service, options, configMap, references, args, otlp));
        objects.Add(Service(service));
        return objects;
    }

    public static string ConfigMapName(ServiceWorkload service) => $"{service.Name}-env";

    public static string Image(ServiceWorkload service, KubernetesPublisherOptions options) => $"{ImageRepository(service, options)}:{options.ImageTag}";

    public static string ImageRepository(ServiceWorkload service, KubernetesPublisherOptions options) => $"{options.ImageRepositoryPrefix}/{service.Name}";

    private static V1ObjectMeta Metadata(string name, string service) => new()
    {
        Name = name,
        Labels = KubernetesNames.Labels(service, "service"),
    };

    private static V1PersistentVolumeClaim Claim(ServiceWorkload service, PersistentVolumeProfile volume) => new()
    {
        ApiVersion = "v1",
        Kind = V1PersistentVolumeClaim.KubeKind,
        Metadata = Metadata(ClaimName(service, volume), service.Name),
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            Resources = new V1VolumeResourceRequirements { Requests = Quantities(("storage", volume.Size)) },
        },
    };

    private static string ClaimName(ServiceWorkload service, PersistentVolumeProfile volume) =>
        $"{service.Name}-{KubernetesNames.Validate(volume.Name, $"Volume of '{service.Name}'")}";

    private static V1Deployment Deployment(
        ServiceWorkload service, KubernetesPublisherOptions options, V1ConfigMap configMap,
        IReadOnlyDictionary<string, ClusterValue> references, List<string> args, bool otlp)
    {
        var env = new List<V1EnvVar>();
        if (otlp)
        {
            // One series per pod in the dashboard: replicas are told apart by their pod name.
            env.Add(new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } });
            env.Add(new V1EnvVar { Name = "OTEL_RESOURCE_ATTRIBUTES", Value = "service.instance.id=$(POD_NAME)" });
        }

        env.AddRange(references.Select(r => EnvironmentReference(r.Key, r.Value)));
        var volumes = service.Profile.Volumes;
        var resources = service.Profile.Resources ?? options.DefaultResources;

        var container = new V1Container
        {
            Name = service.Name,
            Image = Image(service, options),
            // Images loaded into a local cluster (kind, minikube) have no registry to pull from.
            ImagePullPolicy = "IfNotPresent",
            Args = args.Count > 0 ? args : null,
            Ports = [.. service.Ports.Select(p => new V1ContainerPort { Name = p.PortName, ContainerPort = p.Port, Protocol = "TCP" })],
            EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = configMap.Metadata.Name } }],
            Env = env.Count > 0 ? env : null,
            Resources = Resources(resources),
            StartupProbe = Probe(service, ProbeType.Startup) ?? HttpProbe(service.HttpPort, "/alive", periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 60),
            ReadinessProbe = Probe(service, ProbeType.Readiness) ?? HttpProbe(service.HttpPort, "/health", periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3),
            LivenessProbe = Probe(service, ProbeType.Liveness) ?? HttpProbe(service.HttpPort, "/alive", periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3),
            VolumeMounts = volumes.Count > 0 ? [.. volumes.Select(v => new V1VolumeMount { Name = v.Name, MountPath = v.MountPath })] : null,
            SecurityContext = new V1SecurityContext
            {
                AllowPrivilegeEscalation = false,
                Capabilities = new V1Capabilities { Drop = ["ALL"] },
            },
        };

        var labels = KubernetesNames.Labels(service.Name, "service");
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = V1Deployment.KubeKind,
            Metadata = Metadata(service.Name, service.Name),
            Spec = new V1DeploymentSpec
            {
                Replicas = service.Replicas,
                Selector = new V1LabelSelector { MatchLabels = KubernetesNames.Selector(service.Name) },
                // A ReadWriteOnce claim attaches to one pod: the old pod goes before the new one comes.
                Strategy = volumes.Count > 0 ? new V1DeploymentStrategy { Type = "Recreate" } : null,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = labels,
                        // Pods roll when their configuration changes.
                        Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["kappa-aspire/config-sha256"] = Hash(configMap.Data) },
                    },
                    Spec = new V1PodSpec
                    {
                        // Service links would add variables such as KAFKA_PORT=tcp://… that clash with real settings.
                        EnableServiceLinks = false,
                        AutomountServiceAccountToken = false,
                        TerminationGracePeriodSeconds = TerminationGracePeriodSeconds,
                        SecurityContext = new V1PodSecurityContext
                        {
                            // Numeric, so the kubelet can verify non-root whatever the image's USER says.
                            RunAsNonRoot = true,
                            RunAsUser = AppUserId,
                            RunAsGroup = AppUserId,
                            FsGroup = volumes.Count > 0 ? AppUserId : null,
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                        },
                        Containers = [container],
                        Volumes = volumes.Count > 0
                            ? [.. volumes.Select(v => new V1Volume { Name = v.Name, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = ClaimName(service, v) } })]
                            : null,
                    },
                },
            },
        };
    }

    private static V1Service Service(ServiceWorkload service) => new()
    {
        ApiVersion = "v1",
        Kind = V1Service.KubeKind,
        Metadata = Metadata(service.Name, service.Name),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = KubernetesNames.Selector(service.Name),
            Ports = [.. service.Ports.Select(p => new V1ServicePort
            {
                Name = p.PortName,
                Port = p.Port,
                TargetPort = p.PortName,
                Protocol = "TCP",
                AppProtocol = p.AppProtocol,
            })],
        },
    };

    public static V1EnvVar EnvironmentReference(string name, ClusterValue value) => value switch
    {
        ClusterValue.Literal literal => new V1EnvVar { Name = name, Value = literal.Value },
        ClusterValue.SecretKey secret => new V1EnvVar
        {
            Name = name,
            ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret.SecretName, Key = secret.Key } },
        },
        ClusterValue.ConfigMapKey configMap => new V1EnvVar
        {
            Name = name,
            ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = configMap.ConfigMapName, Key = configMap.Key } },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    public static V1ResourceRequirements Resources(ComputeResources resources) => new()
    {
        Requests = Quantities(("cpu", resources.CpuRequest), ("memory", resources.MemoryRequest)),
        Limits = Quantities(("cpu", resources.CpuLimit), ("memory", resources.MemoryLimit)),
    };

    public static SortedDictionary<string, ResourceQuantity> Quantities(params (string Name, string Value)[] quantities)
    {
        var result = new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var (name, value) in quantities)
        {
            result[name] = new ResourceQuantity(value);
        }

        return result;
    }

    /// <summary>A probe declared in the model (<c>WithHttpProbe</c>) on an endpoint the service exposes.</summary>
    private static V1Probe? Probe(ServiceWorkload service, ProbeType type)
    {
        if (service.Resource.Annotations.OfType<EndpointProbeAnnotation>().LastOrDefault(p => p.Type == type) is not { } probe)
        {
            return null;
        }

        var port = service.Ports.FirstOrDefault(p => string.Equals(p.EndpointName, probe.EndpointReference.EndpointName, StringComparison.OrdinalIgnoreCase))
            ?? throw new DistributedApplicationException(
                $"The {type} probe of '{service.Name}' uses endpoint '{probe.EndpointReference.EndpointName}', which is not deployed.");
        return new V1Probe
        {
            HttpGet = new V1HTTPGetAction { Path = probe.Path, Port = port.PortName },
            InitialDelaySeconds = Positive(probe.InitialDelaySeconds),
            PeriodSeconds = Positive(probe.PeriodSeconds),
            TimeoutSeconds = Positive(probe.TimeoutSeconds),
            FailureThreshold = Positive(probe.FailureThreshold),
            SuccessThreshold = Positive(probe.SuccessThreshold),
        };

        static int? Positive(int value) => value > 0 ? value : null;
    }

    private static V1Probe HttpProbe(ServicePort port, string path, int periodSeconds, int timeoutSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = port.PortName },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = timeoutSeconds,
        FailureThreshold = failureThreshold,
    };

    private static string Hash(IDictionary<string, string> data)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in data.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
