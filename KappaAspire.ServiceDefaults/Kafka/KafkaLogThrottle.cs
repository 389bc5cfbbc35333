using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>
/// Keeps a broker outage from flooding the log: librdkafka repeats a connection failure on every reconnect attempt, for
/// every client and broker thread. Per client, facility and level, the first warning or error is logged; repeats within
/// <paramref name="windowMs"/> are only counted, and the first one logged after the window says how many were left out.
/// Information and below pass untouched.
/// </summary>
internal sealed class KafkaLogThrottle(long windowMs)
{
    /// <summary>The process-wide throttle behind <see cref="KafkaClientFactory.Log(Microsoft.Extensions.Logging.ILogger, Confluent.Kafka.LogMessage)"/>.</summary>
    public static KafkaLogThrottle Shared { get; } = new(10_000);

    private readonly ConcurrentDictionary<(string Client, string Facility, LogLevel Level), Window> _windows = new();

    /// <summary>Whether to log this message now; when it is, <paramref name="suppressed"/> counts the repeats left out before it.</summary>
    /// <param name="nowMs">A monotonic clock in milliseconds (<see cref="Environment.TickCount64"/>).</param>
    public bool ShouldLog(string client, string facility, LogLevel level, long nowMs, out int suppressed)
    {
        suppressed = 0;
        if (level < LogLevel.Warning)
        {
            return true;
        }

        var window = _windows.GetOrAdd((client, facility, level), _ => new Window());
        lock (window)
        {
            if (window.OpenedAtMs is { } opened && nowMs - opened < windowMs)
            {
                window.Suppressed++;
                return false;
            }

            suppressed = window.Suppressed;
            window.Suppressed = 0;
            window.OpenedAtMs = nowMs;
            return true;
        }
    }

    private sealed class Window
    {
        public long? OpenedAtMs;
        public int Suppressed;
    }
}
