using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Confluent.Kafka;
using KappaAspire.Testing;

namespace KappaAspire.AppHost.Tests;

/// <summary>
/// Starts the real AppHost in embedded mode — the broker project under DCP, on a free port, with its log in a
/// temporary directory — and uses Kafka the way services do: through the connection string, after Kafka is healthy.
/// </summary>
public sealed class EmbeddedKafkaEndToEndTests : IDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("kappa-apphost-kafka-").FullName;

    [Fact(Timeout = 150_000)]
    public async Task Kafka_becomes_healthy_with_the_pipeline_topics_releases_waiting_services_and_carries_a_record()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var port = FreePort.Next();
        await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KappaAspire_AppHost>(
            ["--Kafka:Mode=embedded", $"--Kafka:Port={port}", $"--Kafka:DataDirectory={_dataDirectory}"], cancellationToken);
        KeepOnlyKafka(appHost);
        var kafka = appHost.CreateResourceBuilder(ModelInspection.Kafka(appHost));
        // Stands in for a pipeline service: succeeds only if it was given the connection string.
        appHost.AddExecutable("service", "/bin/sh", appHost.AppHostDirectory, "-c", "test -n \"$ConnectionStrings__kafka\"")
            .WithReference(kafka)
            .WaitFor(kafka);
        await using var app = await appHost.BuildAsync(cancellationToken);

        using (var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            startup.CancelAfter(StartupTimeout);
            await app.StartAsync(startup.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("kafka", startup.Token);
        }

        var service = await app.ResourceNotifications.WaitForResourceAsync(
            "service", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
        Assert.Equal(0, service.Snapshot.ExitCode);

        var connectionString = await app.GetConnectionStringAsync("kafka", cancellationToken);
        Assert.Equal($"127.0.0.1:{port}", connectionString);

        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = connectionString }).Build())
        {
            var partitions = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.ToDictionary(t => t.Topic, t => t.Partitions.Count);
            Assert.Equal(6, partitions.GetValueOrDefault("iot_raw_data"));
            Assert.Equal(6, partitions.GetValueOrDefault("iot_predictions"));
            Assert.Equal(1, partitions.GetValueOrDefault("iot_raw_data.dlq"));
        }

        var sent = new Message<string, string> { Key = "sensor-7", Value = """{"sensorId":"sensor-7","temperature":21.5}""" };
        DeliveryResult<string, string> delivery;
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = connectionString, Acks = Acks.All }).Build())
        {
            delivery = await producer.ProduceAsync("iot_raw_data", sent, cancellationToken);
        }

        Assert.Equal(PersistenceStatus.Persisted, delivery.Status);
        var received = Consume(connectionString!, delivery.TopicPartitionOffset, TimeSpan.FromSeconds(10));
        Assert.Equal(sent.Key, received.Message.Key);
        Assert.Equal(sent.Value, received.Message.Value);
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(_dataDirectory));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The broker may still be closing its files; the directory is in the temp folder.
        }
    }

    /// <summary>
    /// This test is about Kafka; services that other parts of the AppHost add would only slow it down.
    /// Keeps Kafka and the resources it is made of.
    /// </summary>
    private static void KeepOnlyKafka(IDistributedApplicationTestingBuilder appHost)
    {
        var kafka = ModelInspection.Kafka(appHost);
        bool Keep(IResource resource) =>
            resource == kafka || resource == kafka.Broker || resource == kafka.ConnectionStringParameter ||
            resource is IResourceWithParent { Parent: var parent } && (parent == kafka || parent == kafka.Broker);

        foreach (var resource in appHost.Resources.Where(r => !Keep(r)).ToList())
        {
            appHost.Resources.Remove(resource);
        }
    }

    private static ConsumeResult<string, string> Consume(string bootstrapServers, TopicPartitionOffset from, TimeSpan timeout)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"apphost-e2e-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        };
        using var consumer = new ConsumerBuilder<string, string>(config).Build();
        consumer.Assign(from);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { Message: not null } result)
            {
                return result;
            }
        }

        throw new TimeoutException($"No record from {from} within {timeout}.");
    }
}
