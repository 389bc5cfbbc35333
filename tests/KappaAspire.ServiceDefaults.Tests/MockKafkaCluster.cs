using Confluent.Kafka;

namespace KappaAspire.ServiceDefaults.Tests;

/// <summary>
/// librdkafka's built-in mock cluster: a client configured with <c>test.mock.num.brokers</c> starts in-process brokers
/// on loopback and lives as long as that client. Other clients reach it over TCP at <see cref="BootstrapServers"/>.
/// Topics are created on first use (the mock answers no CreateTopics without a controller).
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IProducer<Null, Null> _owner;

    public MockKafkaCluster()
    {
        _owner = new ProducerBuilder<Null, Null>(new Dictionary<string, string> { ["test.mock.num.brokers"] = "1" })
            .SetLogHandler((_, _) => { })
            .Build();

        using var admin = new DependentAdminClientBuilder(_owner.Handle).Build();
        var broker = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers[0];
        BootstrapServers = $"{broker.Host}:{broker.Port}";
    }

    /// <summary>The mock broker's <c>host:port</c>, as a connection string would carry it.</summary>
    public string BootstrapServers { get; }

    public void Dispose() => _owner.Dispose();
}
