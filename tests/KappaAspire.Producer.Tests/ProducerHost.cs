using System.Collections.Concurrent;
using System.Net.Http.Json;
using KappaAspire.Producer.Apis;
using KappaAspire.Producer.Extensions;
using KappaAspire.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KappaAspire.Producer.Tests;

/// <summary>The producer's real host (same wiring as Program.cs) on a free port, talking to the embedded broker.</summary>
internal sealed class ProducerHost : IAsyncDisposable
{
    private ProducerHost(WebApplication app, HttpClient http, LogRecorder logs)
    {
        App = app;
        Http = http;
        Logs = logs;
    }

    /// <summary>The operator token the host requires on its POST endpoints; <see cref="Http"/> sends it.</summary>
    public const string OperatorToken = "test-operator-token";

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public LogRecorder Logs { get; }

    /// <param name="kafka">The broker.</param>
    /// <param name="settings">Configuration as <c>Key=Value</c> (e.g. <c>Producer:ReadingsPerSecond=500</c>).</param>
    public static async Task<ProducerHost> StartAsync(EmbeddedKafkaFixture kafka, params string[] settings)
    {
        var port = FreePort.Next();
        var logs = new LogRecorder();
        var app = Build(logs, [$"ConnectionStrings:kafka={kafka.BootstrapServers}", $"urls=http://127.0.0.1:{port}", $"Operator:Token={OperatorToken}", .. settings]);
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), DefaultRequestHeaders = { Authorization = new("Bearer", OperatorToken) } };
        return new ProducerHost(app, http, logs);
    }

    /// <summary>Builds the host exactly as Program.cs does, from <c>Key=Value</c> settings.</summary>
    public static WebApplication Build(LogRecorder logs, IEnumerable<string> settings)
    {
        var builder = WebApplication.CreateBuilder(settings.Select(setting => "--" + setting).ToArray());
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        builder.AddServiceDefaults();
        builder.AddProducerServices();

        var app = builder.Build();

        app.MapDefaultEndpoints();
        app.MapProducerEndpoints();
        return app;
    }

    public async Task<ProducerStatus> StatusAsync() =>
        (await Http.GetFromJsonAsync("/status", ProducerJsonContext.Default.ProducerStatus))!;

    /// <summary>Polls <c>GET /status</c> until <paramref name="condition"/> holds.</summary>
    public async Task<ProducerStatus> WaitForStatusAsync(Func<ProducerStatus, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var status = await StatusAsync();
            if (condition(status))
            {
                return status;
            }
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"The producer's status did not reach the expected state within {timeout}; last: {status}.");
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Keeps every log line, to check what an operator would read.</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._entries.Enqueue((logLevel, category, formatter(state, exception)));
            }
        }
    }
}
