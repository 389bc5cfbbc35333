using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KappaAspire.IntegrationTests;

/// <summary>
/// The whole system, started once per test class by its own AppHost (embedded Kafka on a free port, every
/// service, data in a temporary directory), with the producer at a brisk rate so a model can train in seconds.
/// </summary>
public sealed class KappaSystemFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "kappa-system-tests", Guid.NewGuid().ToString("N"));
    public DistributedApplication App { get; private set; } = null!;
    public string KafkaBootstrap { get; private set; } = "";
    public HttpClient Producer { get; private set; } = null!;
    public HttpClient Trainer { get; private set; } = null!;
    public HttpClient Viewer { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var kafkaPort = FreePort();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KappaAspire_AppHost>(
        [
            $"--Kafka:Port={kafkaPort}",
            $"--Kafka:DataDirectory={Path.Combine(DataDirectory, "kafka")}",
            $"--Trainer:RegistryPath={Path.Combine(DataDirectory, "models")}",
        ]);
        Configure(builder, "producer", ("Producer__ReadingsPerSecond", "400"));
        // Train only when a test asks: the tests decide when the log holds enough data.
        Configure(builder, "trainer", ("Trainer__TrainOnStart", "false"), ("Trainer__RetrainInterval", "00:00:00"));

        App = await builder.BuildAsync();
        using var start = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(start.Token);
        foreach (var resource in new[] { "kafka", "producer", "trainer", "viewer" })
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, start.Token);

        KafkaBootstrap = await App.GetConnectionStringAsync("kafka", start.Token) ?? throw new InvalidOperationException("No Kafka connection string.");
        Producer = App.CreateHttpClient("producer", "http");
        Trainer = App.CreateHttpClient("trainer", "http");
        Trainer.Timeout = TimeSpan.FromMinutes(5); // POST /train?wait=true replays the whole log first
        Viewer = App.CreateHttpClient("viewer", "http");
    }

    private static void Configure(IDistributedApplicationTestingBuilder builder, string name, params (string Key, string Value)[] environment)
    {
        var resource = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == name);
        var resourceBuilder = builder.CreateResourceBuilder(resource);
        foreach (var (key, value) in environment) resourceBuilder.WithEnvironment(key, value);
    }

    /// <summary>Trains until a model is promoted (the log needs a minimum of warm readings first); returns the promoted version.</summary>
    public async Task<string> TrainUntilPromotedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            var response = await Trainer.PostAsync("/train?wait=true", null);
            last = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && await PromotedVersionAsync() is { } version) return version;
            await Task.Delay(2000);
        }
        throw new TimeoutException($"No model was promoted within {timeout}; last training answer: {last}");
    }

    public async Task<string?> PromotedVersionAsync()
    {
        using var models = JsonDocument.Parse(await Trainer.GetStringAsync("/models"));
        return models.RootElement.TryGetProperty("promoted", out var promoted) && promoted.ValueKind == JsonValueKind.String
            ? promoted.GetString()
            : null;
    }

    public async Task SetProducerPausedAsync(bool paused) =>
        (await Producer.PostAsync(paused ? "/pause" : "/resume", null)).EnsureSuccessStatusCode();

    public async Task<long> AcknowledgedReadingsAsync()
    {
        using var status = JsonDocument.Parse(await Producer.GetStringAsync("/status"));
        return status.RootElement.GetProperty("acknowledged").GetInt64();
    }

    public async Task InjectAnomalyAsync(string sensorId, string kind) =>
        (await Producer.PostAsJsonAsync("/anomalies", new { sensorId, kind })).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
