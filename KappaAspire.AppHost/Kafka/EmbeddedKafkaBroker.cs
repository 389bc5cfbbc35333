namespace KappaAspire.AppHost.Kafka;

/// <summary>Embedded mode: <c>services/KappaAspire.Broker</c> as the project resource <c>{name}-broker</c>.</summary>
internal static class EmbeddedKafkaBroker
{
    public const int DefaultPort = 9092;

    /// <summary>The broker binds and advertises an IP literal, so clients never depend on how "localhost" resolves.</summary>
    public const string ListenAddress = "127.0.0.1";

    /// <summary>The default data directory, relative to the AppHost project directory.</summary>
    public static readonly string DefaultDataDirectory = Path.Combine(".kappa", "kafka");

    /// <summary>Kafka's default is 3 s; locally a short delay makes consumer groups form quickly.</summary>
    private const int GroupInitialRebalanceDelayMs = 300;

    public static void Add(IResourceBuilder<KafkaServerResource> kafka, int port)
    {
        var builder = kafka.ApplicationBuilder;

        var broker = builder
            .AddProject<Projects.KappaAspire_Broker>($"{kafka.Resource.Name}-broker", options =>
            {
                // The broker's endpoints are the ones below, whatever its launch settings or Kestrel configuration say.
                options.ExcludeLaunchProfile = true;
                options.ExcludeKestrelEndpoints = true;
            })
            .WithParentRelationship(kafka.Resource)
            // Not proxied: clients bootstrap here, then connect to the address the broker advertises in its metadata,
            // which must therefore be the broker's own listener. The port goes to the broker as Broker__Port.
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: KafkaServerResource.PrimaryEndpointName, env: "Broker__Port", isProxied: false)
            .WithEndpoint(KafkaServerResource.PrimaryEndpointName, endpoint => endpoint.TargetHost = ListenAddress)
            // /health and /alive; Aspire passes this endpoint to the broker in ASPNETCORE_URLS.
            .WithHttpEndpoint(name: "http")
            .WithHttpHealthCheck("/health", endpointName: "http")
            .WithEnvironment("Broker__Host", ListenAddress)
            .WithEnvironment("Broker__AdvertisedHost", ListenAddress)
            .WithEnvironment("Broker__GroupInitialRebalanceDelayMs", GroupInitialRebalanceDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment(context => context.EnvironmentVariables["Broker__DataDir"] = kafka.Resource.DataDirectory!);

        kafka.Resource.Broker = broker.Resource;
        kafka.Resource.DataDirectory = Path.GetFullPath(DefaultDataDirectory, builder.AppHostDirectory);
    }
}
