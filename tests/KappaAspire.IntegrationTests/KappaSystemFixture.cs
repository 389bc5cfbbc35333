using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Confluent.Kafka;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using KappaAspire.IntegrationTests.Otlp;
using KappaAspire.Pipeline.Catalog;
using KappaAspire.Pipeline.Contracts;
using Microsoft.Extensions.DependencyInjection;
using KappaAspire.Testing;

namespace KappaAspire.IntegrationTests;

/// <summary>
/// The whole system, started once per test class by its own AppHost (embedded Kafka on a free port, every
/// service, data in a temporary directory), with the producer at a brisk rate so a model can train in seconds.
/// Every service exports its telemetry to an OTLP endpoint the tests read (<see cref="Telemetry"/>).
/// </summary>
public class KappaSystemFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "kappa-system-tests", Guid.NewGuid().ToString("N"));
    public DistributedApplication App { get; private set; } = null!;
    public string KafkaBootstrap { get; private set; } = "";
    public HttpClient Producer { get; private set; } = null!;
    public HttpClient Trainer { get; private set; } = null!;
    public HttpClient Viewer { get; private set; } = null!;
    public OtlpReceiver Otlp { get; private set; } = null!;

    /// <summary>The AppHost's operator-token parameter, pinned; <see cref="Producer"/> and <see cref="Trainer"/> send it.</summary>
    public string OperatorToken { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
    public ReceivedTelemetry Telemetry => Otlp.Telemetry;

    /// <summary>Environment the trainer gets on its next start (the orchestrator evaluates it per start): settings a test changes.</summary>
    public Dictionary<string, string> TrainerSettings { get; } = [];

    /// <summary>When the AppHost was asked to start (UTC).</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>
    /// False: the producer runs brisk and the trainer trains only when a test asks, so tests decide what the log holds.
    /// True: every service with the settings <c>dotnet run --project KappaAspire.AppHost</c> gives it.
    /// </summary>
    protected virtual bool AsShipped => false;

    public async ValueTask InitializeAsync()
    {
        var kafkaPort = FreePort.Next();
        Otlp = await OtlpReceiver.StartAsync();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KappaAspire_AppHost>(
        [
            $"--Kafka:Port={kafkaPort}",
            $"--Kafka:DataDirectory={Path.Combine(DataDirectory, "kafka")}",
            $"--Trainer:RegistryPath={Path.Combine(DataDirectory, "models")}",
            $"--Parameters:operator-token={OperatorToken}",
        ]);
        if (!AsShipped)
        {
            Configure(builder, "producer", ("Producer__ReadingsPerSecond", "400"));
            // Train only when a test asks: the tests decide when the log holds enough data.
            Configure(builder, "trainer", ("Trainer__TrainOnStart", "false"), ("Trainer__RetrainInterval", "00:00:00"), ("Trainer__RetrainGrowthFactor", "0"));
        }

        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "trainer"))
            .WithEnvironment(context => { foreach (var (key, value) in TrainerSettings) context.EnvironmentVariables[key] = value; });
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            // In place of the dashboard's endpoint, exported every second so assertions need not wait long.
            Configure(builder, project.Name,
                ("OTEL_EXPORTER_OTLP_ENDPOINT", Otlp.Endpoint), ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
                ("OTEL_BSP_SCHEDULE_DELAY", "1000"), ("OTEL_METRIC_EXPORT_INTERVAL", "1000"));
        }

        App = await builder.BuildAsync();
        StartedAt = DateTimeOffset.UtcNow;
        using var start = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(start.Token);
        foreach (var resource in new[] { "kafka", "producer", "trainer", "viewer" })
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, start.Token);

        KafkaBootstrap = await App.GetConnectionStringAsync("kafka", start.Token) ?? throw new InvalidOperationException("No Kafka connection string.");
        Producer = App.CreateHttpClient("producer", "http");
        Trainer = App.CreateHttpClient("trainer", "http");
        foreach (var control in new[] { Producer, Trainer }) control.DefaultRequestHeaders.Authorization = new("Bearer", OperatorToken);
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

    /// <summary>
    /// Runs a training and makes its model the served one: promoted by the trainer's policy, or by hand (the same
    /// hot-swap path) when the policy kept the serving model because the candidate measured worse.
    /// </summary>
    public async Task<string> TrainAndPromoteAsync()
    {
        var response = await Trainer.PostAsync("/train?wait=true", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Training failed: {body}");
        using var answer = JsonDocument.Parse(body);
        var candidate = answer.RootElement.GetProperty("version").GetString()
            ?? throw new InvalidOperationException($"The training produced no model: {body}");
        if (await PromotedVersionAsync() != candidate)
            (await Trainer.PostAsync($"/models/{candidate}/promote", null)).EnsureSuccessStatusCode();
        return candidate;
    }

    /// <summary>
    /// Waits until <c>iot_predictions</c> holds predictions matching <paramref name="wanted"/> (and, if given, enough of
    /// them by <paramref name="enough"/>); fails naming <paramref name="what"/> after two minutes.
    /// </summary>
    public async Task<List<Prediction>> WaitForPredictionsAsync(Func<Prediction, bool> wanted, string what, Func<List<Prediction>, bool>? enough = null)
    {
        var patience = TimeSpan.FromMinutes(2);
        var deadline = DateTime.UtcNow + patience;
        List<Prediction> found = [];
        while (DateTime.UtcNow < deadline)
        {
            found = [.. TopicReader.Predictions(KafkaBootstrap, TimeSpan.FromSeconds(30)).Where(wanted)];
            if (found.Count > 0 && (enough is null || enough(found))) return found;
            await Task.Delay(1000);
        }
        Assert.Fail($"Not enough {what} within {patience}: {found.Count} found.");
        return found;
    }

    /// <summary>
    /// Waits (at most two minutes; callers pause the producer first) until the predictions cover every valid reading in
    /// the log; returns the readings, the predictions and how many readings still had none when the wait ended.
    /// </summary>
    public async Task<(List<ConsumeResult<string, byte[]>> Readings, List<Prediction> Predictions, int Missing)> WaitUntilEveryReadingIsScoredAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var readings = TopicReader.ReadAll(KafkaBootstrap, Topics.RawData, TimeSpan.FromSeconds(30))
                .Where(r => ReadingParser.TryParse(r.Message.Value, RecordTime(r.Message.Timestamp), out _, out _))
                .ToList();
            var predictions = TopicReader.Predictions(KafkaBootstrap, TimeSpan.FromSeconds(30));
            var scored = predictions.Select(p => (p.SourcePartition, p.SourceOffset)).ToHashSet();
            var missing = readings.Count(r => !scored.Contains((r.Partition.Value, r.Offset.Value)));
            if (missing == 0 || DateTime.UtcNow > deadline) return (readings, predictions, missing);
            await Task.Delay(1000);
        }
    }

    // Inference judges a reading against its record's timestamp; so does the count of what it should have scored.
    private static DateTimeOffset? RecordTime(Confluent.Kafka.Timestamp timestamp) =>
        timestamp.Type == Confluent.Kafka.TimestampType.NotAvailable ? null : DateTimeOffset.FromUnixTimeMilliseconds(timestamp.UnixTimestampMs);

    /// <summary>Predictions cover all six partitions of the raw topic, so every inference replica has produced some.</summary>
    public static bool OnEveryPartition(List<Prediction> predictions) => predictions.Select(p => p.SourcePartition).Distinct().Count() == 6;

    /// <summary>The trainer's <c>GET /models</c>, read with the contract the trainer writes it with.</summary>
    public async Task<ModelList> ModelsAsync() =>
        await Trainer.GetFromJsonAsync<ModelList>("/models", JsonSerializerOptions.Web) ?? throw new InvalidDataException("GET /models returned null.");

    public async Task<string?> PromotedVersionAsync() => (await ModelsAsync()).Promoted;

    public async Task SetProducerPausedAsync(bool paused) =>
        (await Producer.PostAsync(paused ? "/pause" : "/resume", null)).EnsureSuccessStatusCode();

    public async Task<long> AcknowledgedReadingsAsync()
    {
        using var status = JsonDocument.Parse(await Producer.GetStringAsync("/status"));
        return status.RootElement.GetProperty("acknowledged").GetInt64();
    }

    public async Task InjectAnomalyAsync(string sensorId, string kind) =>
        (await Producer.PostAsJsonAsync("/anomalies", new { sensorId, kind })).EnsureSuccessStatusCode();

    /// <summary>Stops a resource through the orchestrator, as the dashboard's Stop button does, and waits until it has stopped.</summary>
    public async Task StopAsync(string resource)
    {
        await ExecuteAsync(resource, KnownResourceCommands.StopCommand);
        await WaitUntilStoppedAsync(resource);
    }

    /// <summary>Starts a stopped (or exited) resource through the orchestrator and waits until it is healthy again.</summary>
    public async Task StartAsync(string resource)
    {
        await ExecuteAsync(resource, KnownResourceCommands.StartCommand);
        using var healthy = new CancellationTokenSource(StartTimeout);
        // The command returns before the snapshot leaves the stopped state, which the health wait would take as a failed start
        // (callers stop or kill first, and those wait for the stopped state, so this Running is the new process's).
        await App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.Running, healthy.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, healthy.Token);
    }

    private async Task ExecuteAsync(string resource, string command)
    {
        var result = await CommandAsync(resource, command);
        if (!result.Success) throw new InvalidOperationException($"{command} on {resource} failed: {result.Message}");
    }

    /// <summary>Runs a resource's command as the dashboard does, with <paramref name="arguments"/> as the values its prompt would collect.</summary>
    public async Task<ExecuteCommandResult> CommandAsync(string resource, string command, params (string Name, string Value)[] arguments)
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var inputs = new InteractionInputCollection(arguments.Select(a => new InteractionInput { Name = a.Name, InputType = InputType.Text, Value = a.Value }).ToList());
        return await commands.ExecuteCommandAsync(model.Resources.Single(r => r.Name == resource), command, inputs);
    }

    /// <summary>
    /// Kills a resource's processes (every replica unless <paramref name="replicas"/> says how many) with no goodbye, as a
    /// crash would; when all of them die, waits until the orchestrator has seen the resource stop.
    /// </summary>
    public async Task KillAsync(string resource, int? replicas = null)
    {
        var pids = await ProcessIdsAsync(resource);
        foreach (var pid in pids.Take(replicas ?? pids.Count))
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        if (replicas is null) await WaitUntilStoppedAsync(resource);
    }

    private async Task WaitUntilStoppedAsync(string resource)
    {
        using var stopped = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await App.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.TerminalStates, stopped.Token);
    }

    /// <summary>The OS process ids of a project's running replicas, from the orchestrator's resource snapshots.</summary>
    public async Task<List<int>> ProcessIdsAsync(string resource)
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var expected = model.Resources.Single(r => r.Name == resource).TryGetLastAnnotation<ReplicaAnnotation>(out var r) ? r.Replicas : 1;
        var pids = new Dictionary<string, int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await foreach (var e in App.ResourceNotifications.WatchAsync(stop.Token))
            {
                if (e.Resource.Name != resource) continue;
                var pid = e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
                if (e.Snapshot.State?.Text == KnownResourceStates.Running && pid is not null && int.TryParse(pid.ToString(), out var id)) pids[e.ResourceId] = id;
                else pids.Remove(e.ResourceId);
                if (pids.Count == expected) break;
            }
        }
        catch (OperationCanceledException) { }
        return [.. pids.OrderBy(p => p.Key).Select(p => p.Value)];
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        if (Otlp is not null) await Otlp.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
