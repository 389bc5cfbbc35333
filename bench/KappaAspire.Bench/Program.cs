// Benchmarks that print numbers. Usage (Release build):
//   dotnet run -c Release --project bench/KappaAspire.Bench -- broker [--messages 1000000] [--log-gb 1] [--record]
//   dotnet run -c Release --project bench/KappaAspire.Bench -- pipeline [--messages 1000000] [--record]
//   dotnet run -c Release --project bench/KappaAspire.Bench -- replay [--messages 1000000] [--record]
//   dotnet run -c Release --project bench/KappaAspire.Bench -- reprocess [--messages 1000000] [--replicas 1] [--record]
//   dotnet run -c Release --project bench/KappaAspire.Bench -- quality [--nab DIR] [--readings-per-sensor 6000] [--false-alarm-budget 0.005] [--record]
//   dotnet run -c Release --project bench/KappaAspire.Bench -- e2e [--rates 5000,10000,20000,40000,60000] [--seconds 20] [--replicas 2] [--trace-ratio R] [--record]
// --record writes the table into docs/benchmarks.md as that benchmark's latest run.
using KappaAspire.Bench;
using KappaAspire.Bench.Quality;

var command = args.FirstOrDefault() ?? "help";
var options = BenchOptions.Parse(args.Skip(1).ToArray());
return command switch
{
    "broker" => await BrokerBenchmark.RunAsync(options),
    "pipeline" => await PipelineBenchmark.RunAsync(options),
    "replay" => await ReplayBenchmark.RunAsync(options),
    "reprocess" => await ReprocessBenchmark.RunAsync(options),
    "quality" => await QualityBenchmark.RunAsync(args.Skip(1).Where(a => a != "--record").ToArray(), options.Record),
    "e2e" => await E2eBenchmark.RunAsync(options, string.Join(' ', args.Where(a => a != "--record"))),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("usage: bench broker [--messages N] [--log-gb N] [--record]");
    Console.WriteLine("       bench pipeline [--messages N] [--record]");
    Console.WriteLine("       bench replay [--messages N] [--record]");
    Console.WriteLine("       bench reprocess [--messages N] [--replicas N] [--record]");
    Console.WriteLine("       bench quality [--nab DIR] [--readings-per-sensor N] [--false-alarm-budget B] [--record]");
    Console.WriteLine("       bench e2e [--rates 5000,10000,20000,40000,60000] [--seconds 20] [--replicas 2] [--trace-ratio R] [--record]");
    return 2;
}
