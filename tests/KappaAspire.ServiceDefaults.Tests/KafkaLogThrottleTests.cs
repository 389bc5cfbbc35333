using Confluent.Kafka;
using KappaAspire.ServiceDefaults.Kafka;
using Microsoft.Extensions.Logging;

namespace KappaAspire.ServiceDefaults.Tests;

public sealed class KafkaLogThrottleTests
{
    private const long Window = 10_000;

    [Fact]
    public void A_repeated_failure_is_logged_once_per_window_and_then_says_how_many_repeats_were_left_out()
    {
        var throttle = new KafkaLogThrottle(Window);

        Assert.True(throttle.ShouldLog("inference#consumer-1", "FAIL", LogLevel.Error, 0, out var first));
        Assert.Equal(0, first);
        for (var t = 100; t < Window; t += 100)
            Assert.False(throttle.ShouldLog("inference#consumer-1", "FAIL", LogLevel.Error, t, out _));

        Assert.True(throttle.ShouldLog("inference#consumer-1", "FAIL", LogLevel.Error, Window, out var repeats));
        Assert.Equal(99, repeats);
        Assert.False(throttle.ShouldLog("inference#consumer-1", "FAIL", LogLevel.Error, Window + 1, out _));
    }

    [Fact]
    public void Other_clients_facilities_and_levels_are_not_held_back_by_one_that_repeats()
    {
        var throttle = new KafkaLogThrottle(Window);
        Assert.True(throttle.ShouldLog("a", "FAIL", LogLevel.Error, 0, out _));

        Assert.True(throttle.ShouldLog("b", "FAIL", LogLevel.Error, 1, out _));
        Assert.True(throttle.ShouldLog("a", "ERROR", LogLevel.Error, 1, out _));
        Assert.True(throttle.ShouldLog("a", "FAIL", LogLevel.Warning, 1, out _));
    }

    [Fact]
    public void Information_and_debug_lines_are_never_throttled()
    {
        var throttle = new KafkaLogThrottle(Window);

        Assert.All(Enumerable.Range(0, 5), i => Assert.True(throttle.ShouldLog("a", "CGRPOP", LogLevel.Information, i, out _)));
        Assert.All(Enumerable.Range(0, 5), i => Assert.True(throttle.ShouldLog("a", "FETCH", LogLevel.Debug, i, out _)));
    }

    [Fact]
    public void A_logged_line_keeps_librdkafkas_level_and_message_and_says_how_many_lines_it_stands_for()
    {
        var logger = new RecordingLogger();
        var throttle = new KafkaLogThrottle(Window);
        var message = new LogMessage("kappa-producer#producer-1", SyslogLevel.Error, "FAIL", "Connect to ipv4#127.0.0.1:9092 failed: Connection refused");

        for (var t = 0; t <= Window; t += 1_000) KafkaClientFactory.Log(logger, message, throttle, t);

        Assert.Equal(
        [
            (LogLevel.Error, "librdkafka kappa-producer#producer-1 FAIL: Connect to ipv4#127.0.0.1:9092 failed: Connection refused"),
            (LogLevel.Error, "librdkafka kappa-producer#producer-1 FAIL: Connect to ipv4#127.0.0.1:9092 failed: Connection refused (and 9 more FAIL lines from this client left out since the last one logged)"),
        ], logger.Lines);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
