using System.Globalization;

namespace KappaAspire.Bench;

/// <param name="Rates">e2e: producer rates (readings/s) to step through, in order.</param>
/// <param name="Seconds">e2e: how long each rate is held and measured.</param>
/// <param name="Replicas">e2e: inference processes in the consumer group (default 2); reprocess: reprocessor processes (default 1, as the AppHost declares); null when not given.</param>
/// <param name="TraceRatio">e2e: share of readings traced (OpenTelemetry's parent-based trace-id ratio sampler); null traces every reading.</param>
internal sealed record BenchOptions(int Messages, double LogGigabytes, bool Record, int ValueBytes,
    IReadOnlyList<int> Rates, int Seconds, int? Replicas, double? TraceRatio)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchOptions(
            Messages: int.TryParse(Value("--messages"), out var m) ? m : 1_000_000,
            LogGigabytes: double.TryParse(Value("--log-gb"), CultureInfo.InvariantCulture, out var g) ? g : 1.0,
            Record: args.Contains("--record"),
            ValueBytes: int.TryParse(Value("--value-bytes"), out var v) ? v : 200,
            Rates: Value("--rates") is { } rates
                ? rates.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray()
                : [5_000, 10_000, 20_000, 40_000, 60_000],
            Seconds: int.TryParse(Value("--seconds"), out var s) ? s : 20,
            Replicas: int.TryParse(Value("--replicas"), out var n) ? n : null,
            TraceRatio: double.TryParse(Value("--trace-ratio"), CultureInfo.InvariantCulture, out var t) ? t : null);
    }
}
