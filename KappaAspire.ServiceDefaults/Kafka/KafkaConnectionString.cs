using System.Data.Common;
using Confluent.Kafka;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>
/// The one reading of a Kafka connection string, shared by every service's clients and by the AppHost (which compiles
/// this file too): either bootstrap servers (<c>host:port[,host:port]</c>) or <c>Key=Value</c> pairs among
/// <c>BootstrapServers</c>, <c>SecurityProtocol</c>, <c>SaslMechanism</c>, <c>SaslUsername</c>, <c>SaslPassword</c>.
/// A cluster with SASL is then reached the same way by the AppHost's health check and by every service.
/// </summary>
internal static class KafkaConnectionString
{
    private static readonly string[] Keys = ["BootstrapServers", "SecurityProtocol", "SaslMechanism", "SaslUsername", "SaslPassword"];

    /// <summary>Sets what <paramref name="connectionString"/> says on <paramref name="config"/>.</summary>
    /// <exception cref="ArgumentException">An unknown key, or a value librdkafka has no name for; the message says which.</exception>
    public static void Apply(string connectionString, ClientConfig config)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(config);
        if (!connectionString.Contains('=', StringComparison.Ordinal))
        {
            config.BootstrapServers = BootstrapList(connectionString);
            return;
        }

        var pairs = new DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in pairs.Keys)
        {
            if (!Keys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"Unknown key '{key}' in the Kafka connection string; known keys: {string.Join(", ", Keys)}.", nameof(connectionString));
            }
        }

        if (Get(pairs, "BootstrapServers") is { } bootstrapServers)
        {
            config.BootstrapServers = BootstrapList(bootstrapServers);
        }

        if (Get(pairs, "SecurityProtocol") is { } protocol)
        {
            config.SecurityProtocol = Parse<SecurityProtocol>("SecurityProtocol", protocol);
        }

        if (Get(pairs, "SaslMechanism") is { } mechanism)
        {
            config.SaslMechanism = Parse<SaslMechanism>("SaslMechanism", mechanism);
        }

        config.SaslUsername = Get(pairs, "SaslUsername") ?? config.SaslUsername;
        config.SaslPassword = Get(pairs, "SaslPassword") ?? config.SaslPassword;
    }

    // Tolerates "a:9092, b:9092" from hand-written configuration; librdkafka wants no spaces.
    private static string BootstrapList(string servers) =>
        string.Join(',', servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static T Parse<T>(string key, string value) where T : struct, Enum =>
        Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new ArgumentException($"{key}={value} in the Kafka connection string is not one of {string.Join(", ", Enum.GetNames<T>())}.");

    private static string? Get(DbConnectionStringBuilder pairs, string key) =>
        pairs.TryGetValue(key, out var value) && value is string { Length: > 0 } text ? text : null;
}
