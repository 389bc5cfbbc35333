using KappaAspire.AppHost.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>Adds Kafka to the application model: the embedded broker, a Kafka container, or an existing cluster.</summary>
/// <remarks>
/// Configuration read by <see cref="AddKafka"/>:
/// <list type="bullet">
/// <item><c>Kafka:Mode</c>: <c>embedded</c> (default), <c>container</c> or <c>external</c>; see <see cref="KafkaMode"/>.</item>
/// <item><c>Kafka:Port</c>: host port of the Kafka listener when <c>port</c> is not passed (embedded default 9092;
/// container default: a port chosen by Aspire).</item>
/// <item><c>Kafka:DataDirectory</c>: see <see cref="WithDataDirectory"/> (embedded default <c>.kappa/kafka</c> under the AppHost directory).</item>
/// <item><c>Kafka:Topics:{topic}:Partitions</c> and <c>…:ReplicationFactor</c>: override <see cref="WithTopic"/>.</item>
/// <item><c>ConnectionStrings:{name}</c>: the bootstrap servers in external mode (required there).</item>
/// </list>
/// </remarks>
public static class KafkaBuilderExtensions
{
    /// <summary>
    /// Adds a Kafka resource. Services use it with <c>.WithReference(kafka).WaitFor(kafka)</c>; they get the
    /// connection string <c>ConnectionStrings__{name}</c> (<c>host:port</c>) and start once the broker answers
    /// metadata requests and every declared topic exists.
    /// </summary>
    /// <param name="builder">The <see cref="IDistributedApplicationBuilder"/>.</param>
    /// <param name="name">The resource name, also the connection string name in referencing services.</param>
    /// <param name="port">The host port of the Kafka listener; overrides <c>Kafka:Port</c>. Ignored in external mode.</param>
    /// <returns>A reference to the <see cref="IResourceBuilder{KafkaServerResource}"/>.</returns>
    /// <exception cref="DistributedApplicationException">
    /// <c>Kafka:Mode</c> has an unknown value, or the mode is external and <c>ConnectionStrings:{name}</c> is not set.
    /// </exception>
    public static IResourceBuilder<KafkaServerResource> AddKafka(this IDistributedApplicationBuilder builder, [ResourceName] string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var mode = KafkaConfiguration.GetMode(builder.Configuration);
        port ??= KafkaConfiguration.GetInt(builder.Configuration, KafkaConfiguration.PortKey, 1, 65535);

        var modeName = mode.ToString().ToLowerInvariant();
        var kafka = builder.AddResource(new KafkaServerResource(name, mode))
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Kafka",
                State = KnownResourceStates.NotStarted,
                Properties =
                [
                    new ResourcePropertySnapshot(CustomResourceKnownProperties.Source, $"Kafka ({modeName})"),
                    new ResourcePropertySnapshot("kafka.mode", modeName),
                ],
            });

        switch (mode)
        {
            case KafkaMode.Embedded:
                EmbeddedKafkaBroker.Add(kafka, port ?? EmbeddedKafkaBroker.DefaultPort);
                break;
            case KafkaMode.Container:
                KafkaContainer.Add(kafka, port);
                break;
            case KafkaMode.External:
                ExternalKafka.Configure(kafka);
                break;
        }

        if (builder.Configuration[KafkaConfiguration.DataDirectoryKey] is { Length: > 0 } dataDirectory && mode != KafkaMode.External)
        {
            kafka.WithDataDirectory(dataDirectory);
        }

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            services => new KafkaHealthCheck(kafka.Resource, services.GetRequiredService<ILogger<KafkaHealthCheck>>()),
            failureStatus: null,
            tags: null,
            timeout: KafkaHealthCheck.Timeout * 2));

        return kafka
            .WithHealthCheck(healthCheckKey)
            .OnInitializeResource(KafkaResourceLifecycle.FollowBrokerAsync)
            // Resources that wait for Kafka start only after the ready handlers complete, so they find their topics.
            .OnResourceReady(KafkaTopicProvisioner.CreateTopicsAsync);
    }

    /// <summary>
    /// Declares a topic that is created (if it does not exist) once Kafka is ready and before any resource that
    /// waits for Kafka starts. An existing topic is left as it is.
    /// </summary>
    /// <param name="builder">The Kafka resource builder.</param>
    /// <param name="name">The topic name: up to 249 ASCII letters, digits, '.', '_' or '-'.</param>
    /// <param name="partitions">The partition count; the setting <c>Kafka:Topics:{name}:Partitions</c> overrides it.</param>
    /// <param name="replicationFactor">The replication factor; <c>Kafka:Topics:{name}:ReplicationFactor</c> overrides it.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    public static IResourceBuilder<KafkaServerResource> WithTopic(this IResourceBuilder<KafkaServerResource> builder, string name, int partitions, short replicationFactor = 1)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ValidateTopicName(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, (short)1);

        var configuration = builder.ApplicationBuilder.Configuration;
        partitions = KafkaConfiguration.GetInt(configuration, KafkaConfiguration.TopicKey(name, "Partitions"), 1, 1_000_000) ?? partitions;
        replicationFactor = (short)(KafkaConfiguration.GetInt(configuration, KafkaConfiguration.TopicKey(name, "ReplicationFactor"), 1, short.MaxValue) ?? replicationFactor);

        builder.Resource.AddOrReplaceTopic(new KafkaTopic(name, partitions, replicationFactor));
        return builder;
    }

    /// <summary>
    /// Keeps the Kafka log in <paramref name="path"/> (relative paths are under the AppHost directory), so it survives
    /// AppHost restarts. Embedded mode: the broker's data directory. Container mode: bind-mounted as the container's
    /// log directory instead of a named volume. No effect in external mode. Overrides <c>Kafka:DataDirectory</c>.
    /// </summary>
    /// <param name="builder">The Kafka resource builder.</param>
    /// <param name="path">The host directory.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    public static IResourceBuilder<KafkaServerResource> WithDataDirectory(this IResourceBuilder<KafkaServerResource> builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);

        if (builder.Resource.Mode == KafkaMode.External)
        {
            return builder;
        }

        builder.Resource.DataDirectory = Path.GetFullPath(path, builder.ApplicationBuilder.AppHostDirectory);
        if (builder.Resource.Mode == KafkaMode.Container)
        {
            KafkaContainer.UseDataDirectory(builder, builder.Resource.DataDirectory);
        }

        return builder;
    }

    private static void ValidateTopicName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 249 || name is "." or ".." || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new ArgumentException($"'{name}' is not a legal Kafka topic name: use up to 249 ASCII letters, digits, '.', '_' or '-'.", nameof(name));
        }
    }
}
