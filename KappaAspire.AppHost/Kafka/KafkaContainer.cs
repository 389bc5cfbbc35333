namespace KappaAspire.AppHost.Kafka;

/// <summary>
/// Container mode: a single Kafka node in KRaft mode (broker and controller in one process) as the container resource
/// <c>{name}-broker</c>, configured like Aspire's own Kafka integration, with its log on a volume.
/// </summary>
internal static class KafkaContainer
{
    /// <summary>The listener for processes on the host (endpoint <c>tcp</c>).</summary>
    private const int HostListenerPort = 9092;

    /// <summary>The listener for other containers on Aspire's container network (endpoint <c>internal</c>).</summary>
    private const int InternalListenerPort = 9093;

    public const string InternalEndpointName = "internal";
    public const string DataTarget = "/var/lib/kafka/data";

    /// <summary>
    /// Fixed so that a data volume written by one run is accepted by the next: KRaft refuses a log directory
    /// formatted for another cluster id.
    /// </summary>
    public const string ClusterId = "gTatCMlLR_2fxd3x8o9KGQ";

    // The controller listener stays inside the container.
    private const int ControllerPort = 29093;

    public static void Add(IResourceBuilder<KafkaServerResource> kafka, int? port)
    {
        var builder = kafka.ApplicationBuilder;
        var name = $"{kafka.Resource.Name}-broker";

        var container = builder.AddContainer(name, KafkaContainerImageTags.Image, KafkaContainerImageTags.Tag)
            .WithImageRegistry(KafkaContainerImageTags.Registry)
            .WithParentRelationship(kafka.Resource)
            .WithEndpoint(targetPort: HostListenerPort, port: port, name: KafkaServerResource.PrimaryEndpointName)
            .WithEndpoint(targetPort: InternalListenerPort, name: InternalEndpointName)
            .WithVolume(VolumeNameGenerator.Generate(kafka, "data"), DataTarget);

        container.WithEnvironment(context => ConfigureKRaft(context, container.Resource));
        kafka.Resource.Broker = container.Resource;
    }

    /// <summary>Replaces the named data volume with a bind mount of <paramref name="path"/>.</summary>
    public static void UseDataDirectory(IResourceBuilder<KafkaServerResource> kafka, string path)
    {
        var container = (ContainerResource)kafka.Resource.Broker!;
        foreach (var mount in container.Annotations.OfType<ContainerMountAnnotation>().Where(m => m.Target == DataTarget).ToList())
        {
            container.Annotations.Remove(mount);
        }

        kafka.ApplicationBuilder.CreateResourceBuilder(container).WithBindMount(path, DataTarget);
    }

    private static void ConfigureKRaft(EnvironmentCallbackContext context, ContainerResource container)
    {
        var env = context.EnvironmentVariables;

        foreach (var (key, value) in KRaftSingleNode.Environment(ClusterId, ControllerPort))
        {
            env[key] = value;
        }

        // PLAINTEXT and CONTROLLER stay inside the container; PLAINTEXT_HOST serves host processes through the tcp
        // endpoint, PLAINTEXT_INTERNAL serves other containers.
        env["KAFKA_LISTENERS"] =
            $"PLAINTEXT://localhost:29092,CONTROLLER://localhost:{ControllerPort},PLAINTEXT_HOST://0.0.0.0:{HostListenerPort},PLAINTEXT_INTERNAL://0.0.0.0:{InternalListenerPort}";
        env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"] =
            "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT,PLAINTEXT_INTERNAL:PLAINTEXT";

        // As seen from the host, and from Aspire's container network.
        var primary = new EndpointReference(container, KafkaServerResource.PrimaryEndpointName, KnownNetworkIdentifiers.LocalhostNetwork);
        var @internal = new EndpointReference(container, InternalEndpointName, KnownNetworkIdentifiers.DefaultAspireContainerNetwork);
        env["KAFKA_ADVERTISED_LISTENERS"] = context.ExecutionContext.IsRunMode
            // Host processes reach the broker through the port Aspire publishes; containers by the container's name.
            ? ReferenceExpression.Create(
                $"PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:{primary.Property(EndpointProperty.Port)},PLAINTEXT_INTERNAL://{container.Name}:{@internal.Property(EndpointProperty.TargetPort)}")
            : ReferenceExpression.Create(
                $"PLAINTEXT://{primary.Property(EndpointProperty.Host)}:29092,PLAINTEXT_HOST://{primary.Property(EndpointProperty.HostAndPort)},PLAINTEXT_INTERNAL://{@internal.Property(EndpointProperty.HostAndPort)}");

        // Single-node values for the internal topics, and the log on the volume or bind mount.
        env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] = "1";
        env["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"] = "1";
        env["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"] = "1";
        env["KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS"] = "0";
        env["KAFKA_LOG_DIRS"] = DataTarget;
    }
}
