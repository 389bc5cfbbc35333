using Confluent.Kafka;
using Microsoft.AspNetCore.Builder;

using KappaAspire.Broker;

namespace KappaAspire.Testing;

/// <summary>An embedded Kafka broker running in this test process on free ports with its own data directory.</summary>
public sealed class EmbeddedKafkaFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "kappa-broker-tests", Guid.NewGuid().ToString("N"));
    public int Port { get; } = FreePort.Next();
    public string BootstrapServers => $"127.0.0.1:{Port}";

    public async ValueTask InitializeAsync()
    {
        _app = KafkaBrokerApp.Create(
        [
            "--port", Port.ToString(), "--http-port", FreePort.Next().ToString(), "--data-dir", DataDir,
            "--Broker:GroupInitialRebalanceDelayMs=200", "--Broker:RetentionCheckIntervalMs=200", "--Logging:LogLevel:Default=Error",
        ]);
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }

    public ProducerConfig ProducerConfig(Acks acks = Acks.All, bool idempotent = true) => new()
    {
        BootstrapServers = BootstrapServers,
        Acks = acks,
        EnableIdempotence = idempotent,
        LingerMs = 1,
    };

    public ConsumerConfig ConsumerConfig(string groupId) => new()
    {
        BootstrapServers = BootstrapServers,
        GroupId = groupId,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        EnableAutoCommit = false,
        SessionTimeoutMs = 6000,
        HeartbeatIntervalMs = 500,
    };

    public IAdminClient Admin() => new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
}
