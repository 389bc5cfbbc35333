using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>The Kafka connection the AppHost hands every service (<c>WithReference(kafka)</c>), for clients built by hand.</summary>
public static class KafkaConnection
{
    /// <summary>
    /// Sets connection <paramref name="name"/> on <paramref name="config"/>: bootstrap servers, and security and SASL
    /// settings when the connection string carries them (<see cref="KafkaConnectionString"/>), as for the clients that
    /// <c>AddKafkaProducer</c>/<c>AddKafkaConsumer</c> register.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection string is not set.</exception>
    public static T Apply<T>(IConfiguration configuration, T config, string name = "kafka") where T : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        var connectionString = configuration.GetConnectionString(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"No Kafka connection: set ConnectionStrings:{name} (the AppHost does with WithReference(kafka)).");
        KafkaConnectionString.Apply(connectionString, config);
        return config;
    }
}
