using Microsoft.Extensions.Configuration;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>The Kafka connection the AppHost hands every service (<c>WithReference(kafka)</c>), for clients built by hand.</summary>
public static class KafkaConnection
{
    /// <summary>The bootstrap servers of connection <paramref name="name"/>.</summary>
    /// <exception cref="InvalidOperationException">The connection string is not set.</exception>
    public static string BootstrapServers(IConfiguration configuration, string name = "kafka") =>
        configuration.GetConnectionString(name) is { Length: > 0 } bootstrap
            ? bootstrap
            : throw new InvalidOperationException($"No Kafka connection: set ConnectionStrings:{name} (the AppHost does with WithReference(kafka)).");
}
