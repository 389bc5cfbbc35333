using System.Net.Http.Json;
using KappaAspire.Testing;
using KappaAspire.Viewer.View;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KappaAspire.Viewer.Tests;

/// <summary>The viewer's real host (same composition as Program.cs) on a free port, against a broker.</summary>
internal sealed class ViewerHost : IAsyncDisposable
{
    private ViewerHost(WebApplication app, int port)
    {
        App = app;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Starts a viewer on <paramref name="bootstrapServers"/> with no trainer, unless <paramref name="extraArgs"/> (applied last) say otherwise.</summary>
    public static async Task<ViewerHost> StartAsync(string bootstrapServers, params string[] extraArgs)
    {
        var port = FreePort.Next();
        string[] args =
        [
            $"--ConnectionStrings:kafka={bootstrapServers}",
            $"--urls=http://127.0.0.1:{port}",
            "--Viewer:TrainerUrl=",
            "--Viewer:UpdateInterval=00:00:00.100",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];

        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddViewerServices();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapViewerEndpoints();
        await app.StartAsync();
        return new ViewerHost(app, port);
    }

    public async Task<ViewSnapshot> SnapshotAsync() =>
        await Http.GetFromJsonAsync("/api/snapshot", ViewerJsonContext.Default.ViewSnapshot) ?? throw new InvalidDataException("null snapshot");

    /// <summary>Polls the snapshot until <paramref name="condition"/> holds; fails with the last snapshot after <paramref name="timeout"/>.</summary>
    public async Task<ViewSnapshot> WaitForSnapshotAsync(Func<ViewSnapshot, bool> condition, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        ViewSnapshot snapshot;
        while (!condition(snapshot = await SnapshotAsync()))
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Condition not met in time; last snapshot: sequence {snapshot.Sequence}, status {snapshot.Status}, " +
                            $"model {snapshot.Model.State} ({snapshot.Model.Error}), sensors [{string.Join(", ", snapshot.Sensors.Select(s => s.SensorId))}]");
            }
            await Task.Delay(50);
        }
        return snapshot;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
