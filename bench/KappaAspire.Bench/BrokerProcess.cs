using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KappaAspire.Bench;

/// <summary>The embedded broker started as its own process (as in production), so its memory can be read from /proc.</summary>
internal sealed class BrokerProcess : IDisposable
{
    private readonly Process _process;
    public string DataDir { get; }
    public string Bootstrap { get; }

    private BrokerProcess(Process process, string dataDir, string bootstrap)
    {
        _process = process;
        DataDir = dataDir;
        Bootstrap = bootstrap;
    }

    public static async Task<BrokerProcess> StartAsync()
    {
        var port = FreePort();
        var httpPort = FreePort();
        var dataDir = Path.Combine(Path.GetTempPath(), "kappa-bench", Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "KappaAspire.Broker"))
        {
            ArgumentList = { "--port", port.ToString(), "--http-port", httpPort.ToString(), "--data-dir", dataDir, "--Logging:LogLevel:Default=Warning" },
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        using var http = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{httpPort}/health")).IsSuccessStatusCode)
                    return new BrokerProcess(process, dataDir, $"127.0.0.1:{port}");
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("The broker did not start.");
    }

    /// <summary>Resident set size of the broker process, in bytes (VmRSS).</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    public long LogBytesOnDisk() =>
        Directory.EnumerateFiles(Path.Combine(DataDir, "logs"), "*.log", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
