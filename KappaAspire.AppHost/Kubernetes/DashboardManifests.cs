using k8s.Models;

namespace KappaAspire.AppHost.Kubernetes;

/// <summary>
/// The standalone Aspire dashboard: every service exports OTLP to it (gRPC on 18889), as under the AppHost, so one trace
/// still runs producer → inference → viewer. Its UI (18888) is reached with <c>kubectl port-forward</c>; the login token
/// is in its log. OTLP is accepted without a key because the Service is internal to the cluster.
/// </summary>
internal static class DashboardManifests
{
    public static IReadOnlyList<object> Build(KubernetesPublisherOptions options)
    {
        const string name = DashboardWorkloadProfile.Name;
        var labels = KubernetesNames.Labels(name, "telemetry");
        (string Name, int Port, string AppProtocol)[] ports =
        [
            ("http", DashboardWorkloadProfile.FrontendPort, "http"),
            ("otlp-grpc", DashboardWorkloadProfile.OtlpGrpcPort, "kubernetes.io/h2c"),
            ("otlp-http", DashboardWorkloadProfile.OtlpHttpPort, "http"),
        ];

        var env = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = $"http://+:{DashboardWorkloadProfile.FrontendPort}",
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://+:{DashboardWorkloadProfile.OtlpGrpcPort}",
            ["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://+:{DashboardWorkloadProfile.OtlpHttpPort}",
            ["DASHBOARD__OTLP__AUTHMODE"] = "Unsecured",
            ["DASHBOARD__FRONTEND__AUTHMODE"] = "BrowserToken",
            ["DASHBOARD__APPLICATIONNAME"] = "KappaAspire",
        };

        var probe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = "http" }, PeriodSeconds = 10, TimeoutSeconds = 3, FailureThreshold = 3 };
        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = V1Deployment.KubeKind,
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = KubernetesNames.Selector(name) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        EnableServiceLinks = false,
                        AutomountServiceAccountToken = false,
                        SecurityContext = new V1PodSecurityContext { SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                        Containers =
                        [
                            new V1Container
                            {
                                Name = name,
                                Image = options.Dashboard.Image,
                                Ports = [.. ports.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.Port, Protocol = "TCP" })],
                                Env = [.. env.Select(e => new V1EnvVar { Name = e.Key, Value = e.Value })],
                                Resources = ServiceManifests.Resources(options.Dashboard.Resources),
                                ReadinessProbe = probe,
                                LivenessProbe = probe,
                                SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
                            },
                        ],
                    },
                },
            },
        };

        var service = new V1Service
        {
            ApiVersion = "v1",
            Kind = V1Service.KubeKind,
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = KubernetesNames.Selector(name),
                Ports = [.. ports.Select(p => new V1ServicePort { Name = p.Name, Port = p.Port, TargetPort = p.Name, Protocol = "TCP", AppProtocol = p.AppProtocol })],
            },
        };

        return [deployment, service];
    }
}
