using Microsoft.Extensions.Configuration;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>Binds <see cref="KafkaProducerSettings"/> / <see cref="KafkaConsumerSettings"/> from configuration and validates them.</summary>
internal static class KafkaSettingsBinder
{
    public const string ProducerSectionName = "Aspire:Confluent:Kafka:Producer";
    public const string ConsumerSectionName = "Aspire:Confluent:Kafka:Consumer";
    public const string ConfigSectionName = "Config";
    public const int DefaultStatisticsIntervalMs = 1000;
    public static readonly TimeSpan DefaultHealthCheckTimeout = TimeSpan.FromSeconds(5);

    public static void Bind<TSettings>(
        IConfiguration configuration,
        string sectionName,
        string connectionName,
        TSettings settings,
        Action<TSettings>? configureSettings)
        where TSettings : IKafkaClientSettings
    {
        // Global first, then the per-connection section, so a service with two clusters can share defaults.
        BindSection(configuration.GetSection(sectionName), settings);
        BindSection(configuration.GetSection($"{sectionName}:{connectionName}"), settings);

        if (configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ConnectionString = connectionString;
        }
        ApplyConnectionString(settings);

        // The delegate runs last and wins; re-apply only if it changed the connection string, so a delegate that sets
        // Config.BootstrapServers directly is not overwritten by the one that came from configuration.
        var beforeDelegate = settings.ConnectionString;
        configureSettings?.Invoke(settings);
        if (!string.Equals(beforeDelegate, settings.ConnectionString, StringComparison.Ordinal))
        {
            ApplyConnectionString(settings);
        }

        if (!settings.DisableMetrics)
        {
            // Metrics come from librdkafka's statistics callback, which is silent unless an interval is set.
            // An explicit user value (including 0) is kept.
            settings.Config.StatisticsIntervalMs ??= DefaultStatisticsIntervalMs;
        }
    }

    /// <summary>Throws with the configuration keys to set when no bootstrap servers are configured.</summary>
    public static void ValidateBootstrapServers(IKafkaClientSettings settings, string sectionName, string connectionName)
    {
        if (string.IsNullOrWhiteSpace(settings.Config.BootstrapServers))
        {
            throw new InvalidOperationException(
                $"No bootstrap servers configured. Set 'ConnectionStrings:{connectionName}' (host:port or a comma-separated list), " +
                $"'{sectionName}:{connectionName}:{ConfigSectionName}:BootstrapServers' or '{sectionName}:{ConfigSectionName}:BootstrapServers', " +
                "or Config.BootstrapServers in configureSettings.");
        }
    }

    /// <summary>Throws with the configuration keys to set when a consumer has no group id.</summary>
    public static void ValidateGroupId(KafkaConsumerSettings settings, string connectionName)
    {
        if (string.IsNullOrWhiteSpace(settings.Config.GroupId))
        {
            throw new InvalidOperationException(
                $"No group id configured. Set '{ConsumerSectionName}:{connectionName}:{ConfigSectionName}:GroupId' or " +
                $"'{ConsumerSectionName}:{ConfigSectionName}:GroupId', or Config.GroupId in configureSettings.");
        }
    }

    private static void BindSection(IConfigurationSection section, IKafkaClientSettings settings)
    {
        if (!section.Exists())
        {
            return;
        }

        section.Bind(settings);

        // The binder does not populate the get-only librdkafka config object through the parent, so bind it directly.
        var configSection = section.GetSection(ConfigSectionName);
        configSection.Bind(settings.Config);

        // Also accept librdkafka's own dotted names (Config:linger.ms=5), which no C# property name can match.
        foreach (var child in configSection.GetChildren())
        {
            if (child.Key.Contains('.', StringComparison.Ordinal) && child.Value is { } value)
            {
                settings.Config.Set(child.Key, value);
            }
        }
    }

    private static void ApplyConnectionString(IKafkaClientSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            return;
        }

        KafkaConnectionString.Apply(settings.ConnectionString, settings.Config);
    }
}
