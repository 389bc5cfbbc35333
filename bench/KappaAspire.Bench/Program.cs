// Benchmarks that print numbers. Usage (Release build):
//   dotnet run -c Release --project bench/KappaAspire.Bench -- broker [--messages 1000000] [--log-gb 1] [--record]
//   dotnet run -c Release --project bench/KappaAspire.Bench -- pipeline [--messages 1000000] [--record]
// --record appends the table to docs/benchmarks.md.
using KappaAspire.Bench;

var command = args.FirstOrDefault() ?? "help";
var options = BenchOptions.Parse(args.Skip(1).ToArray());
return command switch
{
    "broker" => await BrokerBenchmark.RunAsync(options),
    "pipeline" => await PipelineBenchmark.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: bench <broker|pipeline> [--messages N] [--log-gb N] [--record]");
    return 2;
}
