using System.Net.Http.Json;
using Grpc.Core;
using Grpc.Net.Client;
using KappaAspire.Pipeline.Catalog;
using KappaAspire.Pipeline.Grpc;
using KappaAspire.Testing;
using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KappaAspire.Trainer.Tests;

/// <summary>The trainer's real host (same composition as Program.cs) on free ports, against the embedded broker.</summary>
internal sealed class TrainerHost : IAsyncDisposable
{
    public const string Token = "test-model-channel-token";

    /// <summary>The operator token the host requires on its POST endpoints; <see cref="Http"/> sends it.</summary>
    public const string OperatorToken = "test-operator-token";

    private GrpcChannel? _channel;

    private TrainerHost(WebApplication app, int httpPort, int grpcPort)
    {
        App = app;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
        Http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"),
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestHeaders = { Authorization = new("Bearer", OperatorToken) },
        };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public int HttpPort { get; }

    public int GrpcPort { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>
    /// Starts a trainer replaying <paramref name="topic"/> into the registry at <paramref name="registryPath"/>, with no
    /// startup, scheduled, growth- or drift-triggered training unless <paramref name="extraArgs"/> (applied last, so they win) say otherwise.
    /// </summary>
    public static async Task<TrainerHost> StartAsync(EmbeddedKafkaFixture kafka, string topic, string registryPath, params string[] extraArgs)
    {
        var app = Build(kafka, topic, registryPath, out var httpPort, out var grpcPort, extraArgs);
        await app.StartAsync();
        return new TrainerHost(app, httpPort, grpcPort);
    }

    public static WebApplication Build(EmbeddedKafkaFixture kafka, string topic, string registryPath, out int httpPort, out int grpcPort, params string[] extraArgs)
    {
        httpPort = FreePort.Next();
        grpcPort = FreePort.Next();
        string[] args =
        [
            $"--ConnectionStrings:kafka={kafka.BootstrapServers}",
            $"--urls=http://127.0.0.1:{httpPort}",
            $"--ModelChannel:Token={Token}",
            $"--ModelChannel:GrpcPort={grpcPort}",
            $"--Operator:Token={OperatorToken}",
            $"--Trainer:Topic={topic}",
            $"--Trainer:RegistryPath={registryPath}",
            "--Trainer:TrainOnStart=false",
            "--Trainer:RetrainInterval=00:00:00",
            "--Trainer:RetrainGrowthFactor=0",
            "--Trainer:DriftRetrainThreshold=0",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];

        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddTrainerServices();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapTrainerEndpoints();
        app.MapReprocessingEndpoints();
        return app;
    }

    /// <summary>A client of the gRPC port: plaintext HTTP/2 with prior knowledge, as inference connects.</summary>
    public ModelDistribution.ModelDistributionClient GrpcClient()
    {
        _channel ??= GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
        return new ModelDistribution.ModelDistributionClient(_channel);
    }

    public static Metadata Bearer(string token = Token) => new() { { "authorization", $"Bearer {token}" } };

    public async Task<TrainingRunStatus> TrainAsync()
    {
        using var response = await Http.PostAsync("/train?wait=true", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync(TrainerJsonContext.Default.TrainingRunStatus))!;
    }

    public async Task<TrainingOverview> TrainingAsync() =>
        (await Http.GetFromJsonAsync("/training", TrainerJsonContext.Default.TrainingOverview))!;

    public async Task<ModelList> ModelsAsync() =>
        (await Http.GetFromJsonAsync("/models", TrainerJsonContext.Default.ModelList))!;

    /// <summary>Polls <c>GET /training</c> until <paramref name="condition"/> holds.</summary>
    public async Task<TrainingOverview> WaitForTrainingAsync(Func<TrainingOverview, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var overview = await TrainingAsync();
            if (condition(overview))
            {
                return overview;
            }

            await Task.Delay(20, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _channel?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
