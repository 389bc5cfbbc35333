using KappaAspire.Testing;
using System.Diagnostics;

namespace KappaAspire.Broker.Tests;

/// <summary>The broker as a separate OS process, so a test can kill it the hard way (SIGKILL) and start it again.</summary>
internal sealed class BrokerProcess : IDisposable
{
    private readonly Process _process;

    private BrokerProcess(Process process) => _process = process;

    public static async Task<BrokerProcess> StartAsync(int port, string dataDir)
    {
        var httpPort = FreePort.Next();
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "KappaAspire.Broker"))
        {
            ArgumentList = { "--port", port.ToString(), "--http-port", httpPort.ToString(), "--data-dir", dataDir, "--Logging:LogLevel:Default=Warning" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the broker process.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"Broker exited with code {process.ExitCode} during start.");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{httpPort}/health")).IsSuccessStatusCode) return new BrokerProcess(process);
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("Broker did not become healthy within 30 s.");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, exactly like a crash.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
