using KappaAspire.Testing;
namespace KappaAspire.Bench;

/// <summary>The embedded broker started as its own process (as in production), so its memory can be read from /proc.</summary>
internal sealed class BrokerProcess : IDisposable
{
    public ServiceProcess Process { get; }
    public string DataDir { get; }
    public string Bootstrap { get; }

    private BrokerProcess(ServiceProcess process, string dataDir, string bootstrap)
    {
        Process = process;
        DataDir = dataDir;
        Bootstrap = bootstrap;
    }

    public static async Task<BrokerProcess> StartAsync(CancellationToken cancellationToken = default)
    {
        var port = FreePort.Next();
        var httpPort = FreePort.Next();
        var dataDir = ServiceProcess.NewTempDirectory("broker");
        var process = ServiceProcess.Start("broker", "KappaAspire.Broker", new Dictionary<string, string>
        {
            // As the AppHost runs it: a short initial rebalance delay, so consumer groups form quickly.
            ["Broker__GroupInitialRebalanceDelayMs"] = "300",
        }, ["--port", port.ToString(), "--http-port", httpPort.ToString(), "--data-dir", dataDir], tempDir: dataDir);
        try
        {
            await process.WaitUntilHealthyAsync($"http://127.0.0.1:{httpPort}/health", TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new BrokerProcess(process, dataDir, $"127.0.0.1:{port}");
    }

    /// <summary>Resident set size of the broker process, in bytes (VmRSS).</summary>
    public long ResidentBytes() => Process.ResidentBytes();

    public long LogBytesOnDisk() =>
        Directory.EnumerateFiles(Path.Combine(DataDir, "logs"), "*.log", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    public void Dispose() => Process.Dispose();
}
