using Confluent.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>
/// Reports whether the cluster answers a metadata request within the configured timeout. It only reads metadata,
/// through its own admin client, so probing never writes to a topic or disturbs the producer's or consumer's state.
/// </summary>
internal sealed class KafkaHealthCheck : IHealthCheck, IDisposable
{
    // Connection settings the admin client needs; producer- and consumer-only properties (group.id, acks, dotnet.*)
    // would make librdkafka warn or refuse the configuration.
    private static readonly string[] ConnectionPropertyPrefixes =
    [
        "bootstrap.servers", "client.", "security.", "sasl.", "ssl.", "ssl_", "enable.ssl.", "enable.sasl.",
        "socket.", "broker.", "metadata.", "api.version", "reconnect.", "retry.backoff", "connections.max.idle.ms",
        "resolve.canonical.bootstrap.servers.only", "plugin.library.paths", "https.", "test.mock.",
    ];

    private readonly Lazy<IAdminClient> _admin;
    private readonly TimeSpan _timeout;
    private readonly string _bootstrapServers;
    private readonly Lock _gate = new();
    private Task<Metadata>? _probe;

    /// <param name="createAdminClient">Builds the admin client on first use (from <see cref="AdminConfigFrom"/>).</param>
    /// <param name="timeout">How long to wait for metadata.</param>
    /// <param name="bootstrapServers">Named in failure descriptions.</param>
    public KafkaHealthCheck(Func<IAdminClient> createAdminClient, TimeSpan timeout, string? bootstrapServers)
    {
        _admin = new Lazy<IAdminClient>(createAdminClient, LazyThreadSafetyMode.ExecutionAndPublication);
        _timeout = timeout > TimeSpan.Zero ? timeout : KafkaSettingsBinder.DefaultHealthCheckTimeout;
        _bootstrapServers = bootstrapServers ?? "(none)";
    }

    /// <summary>The connection-related subset of a client's configuration, without statistics.</summary>
    public static AdminClientConfig AdminConfigFrom(ClientConfig config)
    {
        var admin = new AdminClientConfig();
        foreach (var (key, value) in config)
        {
            if (value is not null && ConnectionPropertyPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                admin.Set(key, value);
            }
        }
        return admin;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            Task<Metadata> probe;
            lock (_gate)
            {
                // GetMetadata blocks a thread until it answers or times out; overlapping probes share one request
                // instead of piling up threads when the cluster is slow.
                if (_probe is null || _probe.IsCompleted)
                {
                    _probe = Task.Run(() => _admin.Value.GetMetadata(_timeout), CancellationToken.None);
                }
                probe = _probe;
            }

            // GetMetadata honors the timeout itself; the margin only guards against a call that does not.
            var metadata = await probe.WaitAsync(_timeout + TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            return metadata.Brokers.Count > 0
                ? HealthCheckResult.Healthy($"Kafka answered with {metadata.Brokers.Count} broker(s).")
                : new HealthCheckResult(context.Registration.FailureStatus, $"Kafka at {_bootstrapServers} answered with no brokers.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus,
                $"Kafka at {_bootstrapServers} returned no metadata within {_timeout.TotalSeconds:0.#} s: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        if (!_admin.IsValueCreated)
        {
            return;
        }

        // Destroying the librdkafka handle under a running metadata request is unsafe; the request ends by its timeout.
        Task<Metadata>? probe;
        lock (_gate)
        {
            probe = _probe;
        }
        try
        {
            probe?.Wait(_timeout + TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            // The failure was already reported by the check.
        }
        _admin.Value.Dispose();
    }
}
