using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Bench;

/// <summary>
/// The whole pipeline under load, each service its own process: warm up until a model serves, step the producer's rate
/// up until inference stops keeping up, then measure at 80 % of the best sustained rate and at 5,000/s, and finally check
/// that every reading got a prediction.
/// </summary>
internal static class E2eBenchmark
{
    private const int WarmupRate = 2_000;
    private const int BaselineRate = 5_000;
    // KappaAspire.Inference's InferenceOptions.ConsumerGroup default; the benchmark does not override it.
    private const string InferenceGroup = "inference";
    private const int DefaultReplicas = 2;
    private static readonly TimeSpan FirstPredictionTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(BenchOptions options, string command)
    {
        using var cancel = new CancellationTokenSource();
        // Ctrl+C, SIGTERM, SIGHUP: cancel instead of dying, so the finally block below stops every child process.
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            cancel.Cancel();
        }
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
        PipelineProcesses? pipeline = null;
        EventHandler onExit = (_, _) => pipeline?.Dispose(); // last resort, e.g. Environment.Exit elsewhere
        AppDomain.CurrentDomain.ProcessExit += onExit;
        try
        {
            Console.WriteLine(Inv($"End-to-end benchmark: rates {string.Join(", ", options.Rates)}, {options.Seconds} s each, {options.Replicas ?? DefaultReplicas} inference replicas, {Environment.ProcessorCount} cores, load average {LoadAverage()}"));
            pipeline = await PipelineProcesses.StartAsync(options.Replicas ?? DefaultReplicas, WarmupRate, options.TraceRatio, cancel.Token);
            var report = await MeasureAsync(pipeline, options, cancel.Token);
            if (options.Record) BenchRecord.Record("End to end", command, report);
            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine("Canceled; stopping the services.");
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"End-to-end benchmark failed: {e.Message}");
            if (pipeline?.Exited().ToList() is { Count: > 0 } exited) Console.Error.WriteLine($"Exited services: {string.Join(", ", exited)}");
            return 1;
        }
        finally
        {
            pipeline?.Dispose();
            AppDomain.CurrentDomain.ProcessExit -= onExit;
        }
    }

    private static async Task<string> MeasureAsync(PipelineProcesses pipeline, BenchOptions options, CancellationToken cancellationToken)
    {
        using var producer = new ProducerClient(pipeline.ProducerUrl, pipeline.OperatorToken);
        using var lag = new ConsumerLag(pipeline.Bootstrap, InferenceGroup, Topics.RawData, PipelineProcesses.Partitions);
        using var listener = new PredictionListener(pipeline.Bootstrap, PipelineProcesses.Partitions);
        var probes = new E2eProbes(pipeline, producer, lag, listener);
        var hold = TimeSpan.FromSeconds(options.Seconds);
        var text = new StringBuilder();
        text.AppendLine(Inv($"Setup: broker, trainer, {options.Replicas ?? DefaultReplicas} × inference, producer (its default 20 simulated sensors), viewer — each its own process (Release), no OTLP exporter, {(options.TraceRatio is { } ratio ? Inv($"traces sampled at {ratio:P1} (OTEL_TRACES_SAMPLER=parentbased_traceidratio)") : "every reading traced (the SDK's default sampler)")}; trainer trains on start, scheduled and growth-triggered retraining off. {E2eStep.Settle.TotalSeconds:F0} s settle after each rate change. Load average at start: {LoadAverage()}."));
        text.AppendLine();

        await WarmUpAsync(probes, cancellationToken);

        var steps = new List<E2eStep>();
        async Task<E2eStep> Step(string label, int rate)
        {
            var step = await E2eStep.RunAsync(label, rate, hold, probes, cancellationToken);
            var table = E2eReport.Step(step);
            Console.WriteLine(table);
            text.AppendLine(table);
            steps.Add(step);
            if (pipeline.Exited().ToList() is { Count: > 0 } exited) throw new InvalidOperationException($"Services exited during the run: {string.Join(", ", exited)}.");
            return step;
        }

        string sweepEnd = "every requested rate was sustained, so the true maximum is higher (a lower bound)";
        foreach (var rate in options.Rates)
        {
            var step = await Step(Inv($"sweep {steps.Count + 1}"), rate);
            if (!step.Sustained)
            {
                sweepEnd = Inv($"the step at {step.Produced:N0} readings/s produced ({rate:N0} requested) was not sustained: {string.Join("; ", step.Failures)}");
                break;
            }
            if (!step.ReachedRate)
            {
                sweepEnd = Inv($"the producer service reached only {step.Produced:N0} of {rate:N0} readings/s requested, so higher requests would not load the pipeline more");
                break;
            }
        }
        Console.WriteLine($"Sweep ended: {sweepEnd}.");

        double? maxSustained = steps.Where(s => s.Sustained).Select(s => (double?)s.Produced).Max();
        if (maxSustained is { } max)
        {
            var eighty = (int)Math.Round(0.8 * max / 100) * 100;
            await DrainAsync(probes, cancellationToken);
            await Step("80 % of max sustained", Math.Max(100, eighty));
        }
        var atFive = steps.FirstOrDefault(s => s.Requested == BaselineRate);
        if (atFive is null)
        {
            await DrainAsync(probes, cancellationToken);
            atFive = await Step("5k baseline", BaselineRate);
        }

        // The end: nothing new comes in, inference catches up, then every reading must have its prediction.
        await producer.PauseAsync(cancellationToken);
        string? auditProblem = null;
        if (!await WaitAsync(async () => (await producer.StatusAsync(cancellationToken)).InFlight == 0 && lag.Lag() == 0, DrainTimeout, cancellationToken))
        {
            auditProblem = Inv($"inference did not drain within {DrainTimeout.TotalMinutes:F0} min (lag {lag.Lag():N0}); readings still queued count as without a prediction");
        }
        Console.WriteLine("Auditing every reading against the predictions…");
        var audit = DeliveryAudit.Run(pipeline.Bootstrap, PipelineProcesses.Partitions);

        var summary = E2eReport.Summary(steps, maxSustained, sweepEnd, atFive, audit, auditProblem)
            + Inv($"\nLoad average at the end: {LoadAverage()}.\n");
        Console.WriteLine(summary);
        return text.AppendLine(summary).ToString();
    }

    /// <summary>The producer runs at <see cref="WarmupRate"/> from the start; waits for the first prediction, then for inference to catch up.</summary>
    private static async Task WarmUpAsync(E2eProbes probes, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        Console.WriteLine(Inv($"Warming up at {WarmupRate:N0} readings/s until the trainer promotes a model and predictions flow…"));
        if (!await WaitAsync(() => Task.FromResult(probes.Listener.Received > 0), FirstPredictionTimeout, cancellationToken))
            throw new TimeoutException($"No prediction within {FirstPredictionTimeout.TotalMinutes:F0} min of starting.");
        Console.WriteLine(Inv($"First prediction after {watch.Elapsed.TotalSeconds:F0} s; waiting for inference to catch up with the backlog…"));
        if (!await WaitAsync(() => Task.FromResult(probes.Lag.Lag() <= WarmupRate), DrainTimeout, cancellationToken))
            throw new TimeoutException(Inv($"Inference did not catch up with the warm-up backlog (lag {probes.Lag.Lag():N0})."));
        Console.WriteLine(Inv($"Warm after {watch.Elapsed.TotalSeconds:F0} s."));
    }

    /// <summary>Pauses the producer until the inference group has committed everything, so the next step starts from no backlog.</summary>
    private static async Task DrainAsync(E2eProbes probes, CancellationToken cancellationToken)
    {
        if (probes.Lag.Lag() <= WarmupRate) return;
        await probes.Producer.PauseAsync(cancellationToken);
        try
        {
            if (!await WaitAsync(() => Task.FromResult(probes.Lag.Lag() == 0), DrainTimeout, cancellationToken))
                throw new TimeoutException(Inv($"Inference did not drain its backlog within {DrainTimeout.TotalMinutes:F0} min (lag {probes.Lag.Lag():N0})."));
        }
        finally
        {
            await probes.Producer.ResumeAsync(cancellationToken);
        }
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(500, cancellationToken);
        }
        return await condition();
    }

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
