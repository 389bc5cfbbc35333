using System.Diagnostics;

namespace KappaAspire.Bench;

/// <summary>
/// One service of the repository run as its own process — <c>dotnet services/&lt;Name&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;Name&gt;.dll</c>,
/// working directory = that output folder, so each keeps its own appsettings.json — with the environment an orchestrator
/// would give it. Disposing kills it (and anything it started) and deletes its temporary directory.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    // A service that logs without end at Warning would flood the benchmark's output; the rest is counted.
    private const int MaxForwardedLines = 40;

    private readonly Process _process;
    private readonly string? _tempDir;
    private int _forwardedLines;

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    private ServiceProcess(string name, Process process, string? tempDir)
    {
        Name = name;
        _process = process;
        _tempDir = tempDir;
        _process.OutputDataReceived += (_, e) => Forward(e.Data);
        _process.ErrorDataReceived += (_, e) => Forward(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts <paramref name="project"/> (e.g. <c>KappaAspire.Broker</c>) with <paramref name="environment"/> added to ours.</summary>
    /// <param name="tempDir">Deleted when the process is disposed.</param>
    public static ServiceProcess Start(string name, string project, IReadOnlyDictionary<string, string> environment,
        IEnumerable<string>? arguments = null, string? tempDir = null)
    {
        var outputDir = OutputDirectory(project);
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = outputDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(outputDir, project + ".dll"));
        foreach (var argument in arguments ?? []) info.ArgumentList.Add(argument);
        // Nothing inherited may point a service at another app's endpoints or telemetry collector.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
                     || k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("services__", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        return new ServiceProcess(name, Process.Start(info) ?? throw new InvalidOperationException($"Could not start {project}."), tempDir);
    }

    /// <summary>Waits until <paramref name="url"/> answers 2xx; fails at once if the process exits.</summary>
    public async Task WaitUntilHealthyAsync(string url, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} while starting.");
            try
            {
                if ((await http.GetAsync(url, cancellationToken)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"{Name} did not answer {url} within {timeout.TotalSeconds:F0} s.");
    }

    /// <summary>CPU time used so far: utime + stime of /proc/&lt;pid&gt;/stat.</summary>
    public TimeSpan CpuTime() => ProcStat.CpuTime(_process.Id);

    /// <summary>Resident set size in bytes (VmRSS of /proc/&lt;pid&gt;/status).</summary>
    public long ResidentBytes() => ProcStat.ResidentBytes(_process.Id);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { } // already gone
        if (_tempDir is not null)
        {
            try { Directory.Delete(_tempDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        _process.Dispose();
    }


    /// <summary>A fresh directory under the system temp folder, for one run's data.</summary>
    public static string NewTempDirectory(string purpose) =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "kappa-bench", $"{purpose}-{Guid.NewGuid():N}")).FullName;

    /// <summary>
    /// services/&lt;project&gt;/bin/&lt;Configuration&gt;/net10.0 of the configuration the benchmark itself was built in; the
    /// benchmark's ProjectReferences (ReferenceOutputAssembly=false) build them alongside.
    /// </summary>
    private static string OutputDirectory(string project)
    {
        var benchOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = benchOutput.Name;
        var configuration = benchOutput.Parent?.Name ?? "Release";
        var directory = Path.Combine(RepositoryRoot(), "services", project, "bin", configuration, framework);
        if (!File.Exists(Path.Combine(directory, project + ".dll")))
            throw new FileNotFoundException($"{project}.dll is not in {directory}: build first with `dotnet build -c {configuration} bench/KappaAspire.Bench`.");
        return directory;
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KappaAspire.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }

    // `dotnet run` sets DOTNET_HOST_PATH to the muxer that runs us; otherwise the one on PATH.
    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private void Forward(string? line)
    {
        if (line is null) return;
        var count = Interlocked.Increment(ref _forwardedLines);
        if (count <= MaxForwardedLines) Console.Error.WriteLine($"  [{Name}] {line}");
        else if (count == MaxForwardedLines + 1) Console.Error.WriteLine($"  [{Name}] … further output suppressed");
    }
}
