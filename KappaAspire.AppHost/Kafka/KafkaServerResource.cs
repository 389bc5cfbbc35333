namespace Aspire.Hosting;

/// <summary>
/// Kafka as the rest of the application model sees it: the resource that services reference
/// (<c>WithReference(kafka)</c>, connection string <c>host:port</c>) and wait for (<c>WaitFor(kafka)</c>),
/// whichever <see cref="KafkaMode"/> provides it.
/// </summary>
/// <remarks>
/// <para>
/// Why a resource of its own with the broker as a child: Aspire runs a resource as a process only when it is a
/// <see cref="ProjectResource"/> set up by <c>AddProject</c> (the project defaults — OTLP, <c>ASPNETCORE_URLS</c>, launch
/// arguments — are applied by Aspire's internal code, not by a public API), and as a container only when it carries a
/// container image. One type cannot be both, yet <c>AddKafka</c> returns one type whatever <c>Kafka:Mode</c> says.
/// So this resource is never run by the orchestrator itself: in embedded and container modes the thing that runs is
/// <see cref="Broker"/>, an ordinary project or container resource named <c>{name}-broker</c> and shown nested under
/// this one in the dashboard; in external mode there is none.
/// </para>
/// <para>
/// This resource follows the broker's state (it is <c>Running</c> once the broker runs and reports healthy), owns the
/// connection string, the health check (a metadata request) and the declared <see cref="Topics"/>, which are created
/// when it first becomes ready — before any resource that waits for it is started.
/// </para>
/// </remarks>
public sealed class KafkaServerResource : Resource, IResourceWithConnectionString
{
    /// <summary>The name of the broker's Kafka listener endpoint (on <see cref="Broker"/>).</summary>
    public const string PrimaryEndpointName = "tcp";

    private readonly List<KafkaTopic> _topics = [];
    private EndpointReference? _primaryEndpoint;

    /// <summary>Creates a Kafka resource.</summary>
    /// <param name="name">The resource name, also the connection string name of referencing services.</param>
    /// <param name="mode">How Kafka is provided.</param>
    public KafkaServerResource(string name, KafkaMode mode) : base(name)
    {
        Mode = mode;
    }

    /// <summary>How Kafka is provided.</summary>
    public KafkaMode Mode { get; }

    /// <summary>
    /// The resource that runs the broker: the embedded broker project or the Kafka container;
    /// <see langword="null"/> in <see cref="KafkaMode.External"/> mode.
    /// </summary>
    public IResourceWithEndpoints? Broker { get; internal set; }

    /// <summary>In <see cref="KafkaMode.External"/> mode, the secret parameter holding the connection string.</summary>
    public ParameterResource? ConnectionStringParameter { get; internal set; }

    /// <summary>
    /// The host directory holding the broker's log (embedded mode), or bind-mounted as the log directory of the
    /// Kafka container (container mode, where <see langword="null"/> means a named volume).
    /// </summary>
    public string? DataDirectory { get; internal set; }

    /// <summary>The topics created, if missing, before this resource reports ready.</summary>
    public IReadOnlyList<KafkaTopic> Topics => _topics;

    /// <summary>The broker's Kafka listener, the endpoint named <c>tcp</c> of <see cref="Broker"/>.</summary>
    /// <exception cref="InvalidOperationException">In external mode, where the AppHost runs no broker.</exception>
    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= Broker is null
        ? throw new InvalidOperationException($"Kafka resource '{Name}' is external: it has no endpoint, only a connection string.")
        : new EndpointReference(Broker, PrimaryEndpointName, KnownNetworkIdentifiers.LocalhostNetwork);

    /// <summary>The host of <see cref="PrimaryEndpoint"/>.</summary>
    public EndpointReferenceExpression Host => PrimaryEndpoint.Property(EndpointProperty.Host);

    /// <summary>The port of <see cref="PrimaryEndpoint"/>.</summary>
    public EndpointReferenceExpression Port => PrimaryEndpoint.Property(EndpointProperty.Port);

    /// <summary>
    /// The connection string: <c>host:port</c> of the broker, or the configured connection string in external mode.
    /// </summary>
    public ReferenceExpression ConnectionStringExpression => ConnectionStringParameter is { } parameter
        ? ReferenceExpression.Create($"{parameter}")
        : ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties()
    {
        if (Broker is null)
        {
            yield break;
        }

        yield return new("Host", ReferenceExpression.Create($"{Host}"));
        yield return new("Port", ReferenceExpression.Create($"{Port}"));
    }

    internal void AddOrReplaceTopic(KafkaTopic topic)
    {
        _topics.RemoveAll(t => string.Equals(t.Name, topic.Name, StringComparison.Ordinal));
        _topics.Add(topic);
    }
}
