using System.Globalization;
using System.Text;
using k8s.Models;
using KappaAspire.AppHost.Kafka;

namespace KappaAspire.AppHost.Kubernetes;

/// <summary>
/// Kafka in the cluster. In place of the embedded broker (or the local container): Apache Kafka in KRaft mode, one node
/// that is broker and controller, as a StatefulSet with its log on a claim from a template, reached through the Service
/// <c>{name}:9092</c>. With <c>Kafka:Mode=external</c>: only a ConfigMap with the external cluster's bootstrap servers.
/// Either way a Job creates the topics the model declares, since the AppHost that creates them locally is not there.
/// </summary>
internal static class KafkaManifests
{
    private const int ControllerPort = 9093;
    private const string DataPath = "/var/lib/kafka/data";

    /// <summary>The user of the apache/kafka image (<c>appuser</c>); owns the log volume.</summary>
    private const long KafkaUserId = 1000;

    public static async Task<IReadOnlyList<object>> BuildAsync(KafkaServerResource kafka, KubernetesPublisherOptions options, CancellationToken cancellationToken)
    {
        var name = kafka.Name.ToLowerInvariant();
        if (kafka.Mode == KafkaMode.External)
        {
            var bootstrapServers = await ExternalBootstrapServersAsync(kafka, cancellationToken).ConfigureAwait(false);
            return
            [
                new V1ConfigMap
                {
                    ApiVersion = "v1",
                    Kind = V1ConfigMap.KubeKind,
                    Metadata = new V1ObjectMeta { Name = ValueResolver.ExternalKafkaConfigMap(kafka), Labels = KubernetesNames.Labels(name, "kafka") },
                    Data = new SortedDictionary<string, string>(StringComparer.Ordinal) { [ValueResolver.ExternalKafkaKey] = bootstrapServers },
                },
                TopicsJob(kafka, options, new ClusterValue.ConfigMapKey(ValueResolver.ExternalKafkaConfigMap(kafka), ValueResolver.ExternalKafkaKey)),
            ];
        }

        return
        [
            StatefulSet(kafka, options),
            HeadlessService(name),
            new V1Service
            {
                ApiVersion = "v1",
                Kind = V1Service.KubeKind,
                Metadata = new V1ObjectMeta { Name = name, Labels = KubernetesNames.Labels(name, "kafka") },
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP",
                    Selector = KubernetesNames.Selector(name),
                    Ports = [new V1ServicePort { Name = "kafka", Port = DeploymentTopology.KafkaPort, TargetPort = "kafka", Protocol = "TCP" }],
                },
            },
            TopicsJob(kafka, options, new ClusterValue.Literal($"{name}:{DeploymentTopology.KafkaPort}")),
        ];
    }

    private static string HeadlessServiceName(string name) => $"{name}-headless";

    private static V1StatefulSet StatefulSet(KafkaServerResource kafka, KubernetesPublisherOptions options)
    {
        var name = kafka.Name.ToLowerInvariant();
        var profile = options.Kafka;
        string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

        // The apache/kafka image turns KAFKA_* variables into server.properties and formats the log directory with CLUSTER_ID.
        var env = new SortedDictionary<string, string>(KRaftSingleNode.Environment(profile.ClusterId, ControllerPort).ToDictionary(), StringComparer.Ordinal)
        {
            ["KAFKA_LISTENERS"] = $"PLAINTEXT://:{Text(DeploymentTopology.KafkaPort)},CONTROLLER://:{Text(ControllerPort)}",
            ["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] = "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            // One node: clients reach it through the ClusterIP Service, the same address they bootstrap from.
            ["KAFKA_ADVERTISED_LISTENERS"] = $"PLAINTEXT://{name}:{Text(DeploymentTopology.KafkaPort)}",
            // A subdirectory: the volume's root may hold lost+found, which Kafka would take for a broken partition.
            ["KAFKA_LOG_DIRS"] = $"{DataPath}/logs",
            ["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] = "1",
            ["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"] = "1",
            ["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"] = "1",
            ["KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS"] = "0",
            // Topics come from the model (the topics Job) with their partition counts, never from a first produce.
            ["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] = "false",
            ["KAFKA_HEAP_OPTS"] = profile.HeapOptions,
        };

        var labels = KubernetesNames.Labels(name, "kafka");
        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = V1StatefulSet.KubeKind,
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1StatefulSetSpec
            {
                ServiceName = HeadlessServiceName(name),
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = KubernetesNames.Selector(name) },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        // Service links would set KAFKA_PORT=tcp://…, which the image would turn into a broker setting.
                        EnableServiceLinks = false,
                        AutomountServiceAccountToken = false,
                        SecurityContext = new V1PodSecurityContext { FsGroup = KafkaUserId, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "kafka",
                                Image = profile.Image,
                                Ports =
                                [
                                    new V1ContainerPort { Name = "kafka", ContainerPort = DeploymentTopology.KafkaPort, Protocol = "TCP" },
                                    new V1ContainerPort { Name = "controller", ContainerPort = ControllerPort, Protocol = "TCP" },
                                ],
                                Env = [.. env.Select(e => new V1EnvVar { Name = e.Key, Value = e.Value })],
                                Resources = ServiceManifests.Resources(profile.Resources),
                                StartupProbe = TcpProbe("kafka", periodSeconds: 5, failureThreshold: 36),
                                ReadinessProbe = TcpProbe("kafka", periodSeconds: 5, failureThreshold: 3),
                                LivenessProbe = TcpProbe("controller", periodSeconds: 10, failureThreshold: 6),
                                VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = DataPath }],
                                SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
                            },
                        ],
                    },
                },
                VolumeClaimTemplates =
                [
                    new V1PersistentVolumeClaim
                    {
                        ApiVersion = "v1",
                        Kind = V1PersistentVolumeClaim.KubeKind,
                        Metadata = new V1ObjectMeta { Name = "data", Labels = labels },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements { Requests = ServiceManifests.Quantities(("storage", profile.StorageSize)) },
                        },
                    },
                ],
            },
        };
    }

    /// <summary>Gives the StatefulSet's pod its stable DNS name, published before the pod is ready so the node can start.</summary>
    private static V1Service HeadlessService(string name) => new()
    {
        ApiVersion = "v1",
        Kind = V1Service.KubeKind,
        Metadata = new V1ObjectMeta { Name = HeadlessServiceName(name), Labels = KubernetesNames.Labels(name, "kafka") },
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            PublishNotReadyAddresses = true,
            Selector = KubernetesNames.Selector(name),
            Ports =
            [
                new V1ServicePort { Name = "kafka", Port = DeploymentTopology.KafkaPort, TargetPort = "kafka", Protocol = "TCP" },
                new V1ServicePort { Name = "controller", Port = ControllerPort, TargetPort = "controller", Protocol = "TCP" },
            ],
        },
    };

    /// <summary>
    /// Creates the declared topics that are missing (<c>--if-not-exists</c>: existing ones are left as they are), after
    /// waiting for Kafka to answer. Safe to run again.
    /// </summary>
    private static V1Job TopicsJob(KafkaServerResource kafka, KubernetesPublisherOptions options, ClusterValue bootstrapServers)
    {
        var name = $"{kafka.Name.ToLowerInvariant()}-topics";
        var script = new StringBuilder()
            .Append("set -eu\n")
            .Append("until /opt/kafka/bin/kafka-topics.sh --bootstrap-server \"$BOOTSTRAP_SERVERS\" --list > /dev/null; do\n")
            .Append("  echo \"Waiting for Kafka at $BOOTSTRAP_SERVERS\"; sleep 5\n")
            .Append("done\n");
        foreach (var topic in kafka.Topics)
        {
            script.Append(CultureInfo.InvariantCulture,
                $"/opt/kafka/bin/kafka-topics.sh --bootstrap-server \"$BOOTSTRAP_SERVERS\" --create --if-not-exists --topic {topic.Name} --partitions {topic.Partitions} --replication-factor {topic.ReplicationFactor}\n");
        }

        var labels = KubernetesNames.Labels(name, "kafka-topics");
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = V1Job.KubeKind,
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1JobSpec
            {
                BackoffLimit = 10,
                ActiveDeadlineSeconds = 900,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "OnFailure",
                        EnableServiceLinks = false,
                        AutomountServiceAccountToken = false,
                        SecurityContext = new V1PodSecurityContext { SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "create-topics",
                                Image = options.Kafka.Image,
                                Command = ["/bin/sh", "-c", script.ToString()],
                                Env =
                                [
                                    ServiceManifests.EnvironmentReference("BOOTSTRAP_SERVERS", bootstrapServers),
                                    new V1EnvVar { Name = "KAFKA_HEAP_OPTS", Value = "-Xmx256m" },
                                ],
                                Resources = ServiceManifests.Resources(new ComputeResources("100m", "256Mi", "500m", "512Mi")),
                                SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
                            },
                        ],
                    },
                },
            },
        };
    }

    private static V1Probe TcpProbe(string port, int periodSeconds, int failureThreshold) => new()
    {
        TcpSocket = new V1TCPSocketAction { Port = port },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 3,
        FailureThreshold = failureThreshold,
    };

    /// <summary>
    /// The external cluster's bootstrap servers, given when generating (<c>--ConnectionStrings:kafka host:port</c>). Only
    /// plain bootstrap servers go into a ConfigMap; a connection string with credentials belongs in a Secret of its own.
    /// </summary>
    private static async Task<string> ExternalBootstrapServersAsync(KafkaServerResource kafka, CancellationToken cancellationToken)
    {
        string? value = null;
        try
        {
            if (kafka.ConnectionStringParameter is { } parameter)
            {
                value = await parameter.GetValueAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (MissingParameterValueException)
        {
            // Reported below with the setting to use.
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DistributedApplicationException(
                $"Kafka '{kafka.Name}' is external: give its bootstrap servers when generating the manifests, e.g. " +
                $"'--Kafka:Mode external --ConnectionStrings:{kafka.Name} broker-1:9092,broker-2:9092'.");
        }

        if (value.Contains('=', StringComparison.Ordinal))
        {
            throw new DistributedApplicationException(
                $"The connection string of Kafka '{kafka.Name}' has key=value settings; the manifests take only bootstrap servers " +
                "(host:port[,host:port]) into a ConfigMap. Add credentials with a Secret in a kustomize overlay.");
        }

        return value.Trim();
    }
}
