using System.Runtime.InteropServices;

namespace KappaAspire.Bench;

/// <summary>CPU time and resident memory of a process, read from /proc (Linux).</summary>
internal static class ProcStat
{
    private const int ScClockTicks = 2; // _SC_CLK_TCK

    private static readonly double TicksPerSecond = ClockTicks();

    /// <summary>utime + stime (fields 14 and 15 of /proc/&lt;pid&gt;/stat).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may contain spaces and parentheses: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]); // fields 14 and 15, counted from field 3
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>VmRSS of /proc/&lt;pid&gt;/status, in bytes.</summary>
    public static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    private static double ClockTicks()
    {
        try
        {
            var ticks = sysconf(ScClockTicks);
            return ticks > 0 ? ticks : 100;
        }
        catch (DllNotFoundException) { return 100; }
        catch (EntryPointNotFoundException) { return 100; }
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long sysconf(int name);
}
