namespace KappaAspire.Bench;

internal sealed record BenchOptions(int Messages, double LogGigabytes, bool Record, int ValueBytes)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new BenchOptions(
            Messages: int.TryParse(Value("--messages"), out var m) ? m : 1_000_000,
            LogGigabytes: double.TryParse(Value("--log-gb"), out var g) ? g : 1.0,
            Record: args.Contains("--record"),
            ValueBytes: int.TryParse(Value("--value-bytes"), out var v) ? v : 200);
    }
}
