using KappaAspire.Broker;
using KappaAspire.Testing;
using KappaAspire.Viewer.View;
using Microsoft.AspNetCore.Builder;

namespace KappaAspire.Viewer.Tests;

/// <summary>The page tells people when the viewer lost Kafka, and when it has it back.</summary>
public sealed class ConnectionStatusTests
{
    [Fact]
    public async Task Status_turns_reconnecting_while_the_broker_is_down_and_live_once_it_is_back()
    {
        // A broker of its own on a fixed port and data directory: this test takes it away and brings it back.
        var port = FreePort.Next();
        var dataDir = Path.Combine(Path.GetTempPath(), "kappa-viewer-tests", Guid.NewGuid().ToString("N"));
        WebApplication? broker = await StartBrokerAsync(port, dataDir);
        try
        {
            await using var viewer = await ViewerHost.StartAsync($"127.0.0.1:{port}",
                "--Aspire:Confluent:Kafka:Consumer:Config:ReconnectBackoffMs=100",
                "--Aspire:Confluent:Kafka:Consumer:Config:ReconnectBackoffMaxMs=500");
            var live = await viewer.WaitForSnapshotAsync(s => s.Status.State == ConnectionStatus.Live);

            await StopAsync(broker);
            broker = null;
            var lost = await viewer.WaitForSnapshotAsync(s => s.Status.State == ConnectionStatus.Reconnecting);
            Assert.True(lost.Status.Since > live.Status.Since);
            Assert.NotEmpty(lost.Status.Detail);

            broker = await StartBrokerAsync(port, dataDir);
            var back = await viewer.WaitForSnapshotAsync(s => s.Status.State == ConnectionStatus.Live);
            Assert.True(back.Status.Since > lost.Status.Since);
        }
        finally
        {
            if (broker is not null)
            {
                await StopAsync(broker);
            }
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<WebApplication> StartBrokerAsync(int port, string dataDir)
    {
        var broker = KafkaBrokerApp.Create(
        [
            "--port", port.ToString(), "--http-port", FreePort.Next().ToString(), "--data-dir", dataDir,
            "--Broker:GroupInitialRebalanceDelayMs=200", "--Logging:LogLevel:Default=None",
        ]);
        await broker.StartAsync();
        return broker;
    }

    /// <summary>Stops without waiting for clients to hang up (the viewer never would): connections are cut, as in a crash.</summary>
    private static async Task StopAsync(WebApplication broker)
    {
        using var noGrace = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await broker.StopAsync(noGrace.Token);
        await broker.DisposeAsync();
    }
}
