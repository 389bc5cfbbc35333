using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker;

/// <summary>Broker settings, bound from the <c>Broker</c> configuration section (flags, environment, appsettings).</summary>
public sealed class BrokerOptions
{
    public const string SectionName = "Broker";

    /// <summary>Address the Kafka listener binds to.</summary>
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 9092;
    /// <summary>Address given to clients in metadata; an IP literal so clients never depend on name resolution.</summary>
    public string? AdvertisedHost { get; set; }
    /// <summary>Port of the HTTP endpoint for /health and /alive when no ASP.NET URLs are configured.</summary>
    public int HttpPort { get; set; } = 9095;
    public string DataDir { get; set; } = Path.Combine(".kappa", "kafka");
    /// <summary>The node id clients see; 0, as a single-node Kafka's broker.id default, which clients' own tests expect.</summary>
    public int NodeId { get; set; }
    public string ClusterId { get; set; } = "kappa-aspire-embedded";
    public bool AutoCreateTopics { get; set; } = true;
    public int DefaultPartitions { get; set; } = 6;
    /// <summary>Largest request frame accepted (Kafka's socket.request.max.bytes).</summary>
    public int MaxRequestBytes { get; set; } = 100 * 1024 * 1024;
    /// <summary>Wait for more members before the first rebalance of an empty group (Kafka's group.initial.rebalance.delay.ms).</summary>
    public int GroupInitialRebalanceDelayMs { get; set; } = 3000;
    public int GroupMinSessionTimeoutMs { get; set; } = 1000;
    public int GroupMaxSessionTimeoutMs { get; set; } = 1_800_000;
    public int RetentionCheckIntervalMs { get; set; } = 60_000;
    /// <summary>How long a Metadata answer made only of invalid topic names is held back (see <c>MetadataHandler</c>); 0 answers at once.</summary>
    public int InvalidTopicMetadataDelayMs { get; set; } = 500;
    public StorageOptions Storage { get; set; } = new();

    public string EffectiveAdvertisedHost =>
        !string.IsNullOrWhiteSpace(AdvertisedHost) ? AdvertisedHost
        : Host is "0.0.0.0" or "::" or "*" ? "127.0.0.1"
        : Host;
}
