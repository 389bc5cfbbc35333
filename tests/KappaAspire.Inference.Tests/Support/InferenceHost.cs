using System.Net;
using System.Net.Http.Json;
using KappaAspire.Inference.Extensions;
using KappaAspire.Inference.Status;
using KappaAspire.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace KappaAspire.Inference.Tests.Support;

/// <summary>Where one test's service instances read and write: fresh topics and a fresh group per test.</summary>
internal sealed record StreamSetup(string Bootstrap, string InputTopic, string PredictionsTopic, string DeadLetterTopic, string Group)
{
    public StreamSetup WithGroup(string group, string predictionsTopic) => this with { Group = group, PredictionsTopic = predictionsTopic };
}

/// <summary>
/// The real inference host (service defaults + <c>AddInferenceServices</c>, as in Program.cs) on a free port, wired the
/// way the AppHost wires it: <c>ConnectionStrings:kafka</c>, <c>services:trainer:grpc:0</c>, <c>ModelChannel:Token</c>.
/// </summary>
internal sealed class InferenceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private InferenceHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static WebApplication Build(StreamSetup setup, string modelAddress, string? token, params string[] extra)
    {
        var port = FreePort.Next();
        string[] args =
        [
            $"--ConnectionStrings:kafka={setup.Bootstrap}",
            $"--urls=http://127.0.0.1:{port}",
            $"--services:trainer:grpc:0={modelAddress}",
            .. token is null ? Array.Empty<string>() : [$"--ModelChannel:Token={token}"],
            "--ModelChannel:MinRetryDelay=00:00:00.050",
            "--ModelChannel:MaxRetryDelay=00:00:00.500",
            $"--Inference:ConsumerGroup={setup.Group}",
            $"--Inference:InputTopic={setup.InputTopic}",
            $"--Inference:PredictionsTopic={setup.PredictionsTopic}",
            $"--Inference:DeadLetterTopic={setup.DeadLetterTopic}",
            "--Inference:CommitInterval=00:00:00.200",
            "--Aspire:Confluent:Kafka:Consumer:Config:SessionTimeoutMs=6000",
            "--Aspire:Confluent:Kafka:Consumer:Config:HeartbeatIntervalMs=500",
            "--Logging:LogLevel:Default=Warning",
            .. extra,
        ];

        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddInferenceServices();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapInferenceEndpoints();
        return app;
    }

    public static async Task<InferenceHost> StartAsync(StreamSetup setup, string modelAddress, string? token, params string[] extra)
    {
        var app = Build(setup, modelAddress, token, extra);
        await app.StartAsync();
        return new InferenceHost(app, new Uri(app.Urls.First()));
    }

    public async Task<InferenceStatus> StatusAsync() =>
        (await Http.GetFromJsonAsync("/status", InferenceJsonContext.Default.InferenceStatus))!;

    public async Task<HttpStatusCode> HealthAsync() => (await Http.GetAsync("/health")).StatusCode;

    /// <summary>Polls <c>/status</c> until <paramref name="condition"/> holds.</summary>
    public async Task<InferenceStatus> WaitForStatusAsync(Func<InferenceStatus, bool> condition, string what, TimeSpan? timeout = null)
    {
        InferenceStatus? last = null;
        var ok = await Eventually.TrueAsync(async () => condition(last = await StatusAsync()), timeout ?? TimeSpan.FromSeconds(20));
        Assert.True(ok, $"Timed out waiting for {what}; last status: consuming={last?.Consuming}, model={last?.Model?.Version}, " +
            $"channel={last?.ModelChannel.State} ({last?.ModelChannel.Problem}), partitions=[{string.Join(",", last?.Partitions.Select(p => p.Partition) ?? [])}], " +
            $"totals={last?.Totals}");
        return last!;
    }

    /// <summary>Stops like a pod shutdown: in-flight outputs are flushed, progress committed, the group left.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
