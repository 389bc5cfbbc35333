using System.Diagnostics;

namespace KappaAspire.Bench;

/// <summary>CPU (% of one core) and resident memory of a set of processes over a window, from /proc.</summary>
internal sealed class ProcessSampler
{
    public readonly record struct Usage(string Name, double CpuPercent, double RssMiB);

    private readonly (string Name, int Pid)[] _processes;
    private readonly TimeSpan[] _cpuAtStart;
    private readonly long _start;

    private ProcessSampler((string Name, int Pid)[] processes)
    {
        _processes = processes;
        _cpuAtStart = processes.Select(p => Cpu(p.Pid)).ToArray();
        _start = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts a window over the pipeline's processes and this benchmark's own (it consumes every prediction).</summary>
    public static ProcessSampler Start(PipelineProcesses pipeline) =>
        new([.. pipeline.All.Select(p => (p.Name, p.Id)), ("bench (this process)", Environment.ProcessId)]);

    public IReadOnlyList<Usage> Stop()
    {
        var seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        return _processes.Select((p, i) => new Usage(
            p.Name,
            (Cpu(p.Pid) - _cpuAtStart[i]).TotalSeconds / seconds * 100,
            Rss(p.Pid) / (1024.0 * 1024))).ToList();
    }

    // A process that exited mid-window reads as zero rather than failing the run; PipelineProcesses.Exited reports it.
    private static TimeSpan Cpu(int pid)
    {
        try { return ProcStat.CpuTime(pid); } catch (IOException) { return TimeSpan.Zero; }
    }

    private static long Rss(int pid)
    {
        try { return ProcStat.ResidentBytes(pid); } catch (IOException) { return 0; }
    }
}
