using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace KappaAspire.AppHost.Kafka;

/// <summary>The AppHost configuration settings read by <c>AddKafka</c>, and their validation.</summary>
internal static class KafkaConfiguration
{
    public const string ModeKey = "Kafka:Mode";
    public const string PortKey = "Kafka:Port";
    public const string DataDirectoryKey = "Kafka:DataDirectory";

    public static string ConnectionStringKey(string name) => $"ConnectionStrings:{name}";

    public static string TopicKey(string topic, string setting) => $"Kafka:Topics:{topic}:{setting}";

    public static KafkaMode GetMode(IConfiguration configuration)
    {
        var value = configuration[ModeKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            return KafkaMode.Embedded;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "embedded" => KafkaMode.Embedded,
            "container" => KafkaMode.Container,
            "external" => KafkaMode.External,
            _ => throw new DistributedApplicationException(
                $"Unknown Kafka mode '{value}' in the configuration setting '{ModeKey}'. Use 'embedded' (the default), 'container' or 'external'."),
        };
    }

    public static int? GetInt(IConfiguration configuration, string key, int min, int max)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new DistributedApplicationException(
                $"The configuration setting '{key}' is '{value}'; it must be a whole number from {min} to {max}.");
        }

        return number;
    }
}
