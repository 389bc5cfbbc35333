using System.Diagnostics;
using System.Globalization;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Bench;

/// <summary>One measured step of the end-to-end benchmark: a producer rate held for a while, and what came out.</summary>
/// <param name="Produced">Readings/s the broker acknowledged to the producer during the step (not the requested rate).</param>
/// <param name="PredictionsOut">Predictions/s written to iot_predictions (high watermark delta).</param>
/// <param name="LagStart">Inference group lag (uncommitted readings) when the step started.</param>
/// <param name="BacklogStart">
/// Readings not yet scored when the step started: readings written − predictions written − dead letters written. Exact
/// whatever the commit cadence (committed offsets trail by up to a commit interval even when inference keeps up).
/// </param>
/// <param name="Received">Reading timestamp → the benchmark's consumer receives the prediction.</param>
/// <param name="Created">Reading timestamp → CreateTime of the prediction record (stamped by inference's producer).</param>
internal sealed record E2eStep(
    string Label, int Requested, double Seconds, double Produced, double PredictionsOut, long LagStart, long LagEnd,
    long BacklogStart, long BacklogEnd, long ProducerFailed, Percentiles Received, Percentiles Created, IReadOnlyList<ProcessSampler.Usage> Usage)
{
    /// <summary>Time the new rate is given before measuring, so the step measures the rate and not the change.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>The producer reached the requested rate (within 5 %).</summary>
    public bool ReachedRate => Produced >= 0.95 * Requested;

    /// <summary>Predictions out must reach this share of readings in.</summary>
    public const double MinimumPredictionShare = 0.98;

    /// <summary>The backlog may grow by at most this many seconds of input over the step.</summary>
    public const double MaximumBacklogGrowthSeconds = 0.5;

    /// <summary>End-to-end p99 (reading timestamp → prediction received) at most this.</summary>
    public const double MaximumP99Ms = 250;

    /// <summary>Each condition of "sustained" the step failed, in words; empty when inference kept up.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            var failures = new List<string>();
            if (PredictionsOut < MinimumPredictionShare * Produced)
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"predictions {PredictionsOut / Math.Max(1, Produced):P1} of readings (< {MinimumPredictionShare:P0})"));
            var allowed = MaximumBacklogGrowthSeconds * Produced;
            if (BacklogEnd - BacklogStart > allowed)
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"backlog grew by {BacklogEnd - BacklogStart:N0} readings (> {MaximumBacklogGrowthSeconds} s of input = {allowed:N0})"));
            if (Received.Count == 0) failures.Add("no prediction received");
            else if (Received.P99 > MaximumP99Ms) failures.Add(string.Create(CultureInfo.InvariantCulture, $"p99 {Received.P99:F0} ms (> {MaximumP99Ms:F0} ms)"));
            return failures;
        }
    }

    /// <summary>Inference kept up: every condition of <see cref="Failures"/> holds.</summary>
    public bool Sustained => Failures.Count == 0;

    /// <summary>CPU time a process spent per reading produced in the step, in µs (its share of the pipeline's cost).</summary>
    public double CpuMicrosecondsPerReading(ProcessSampler.Usage usage) => Produced <= 0 ? 0 : usage.CpuPercent / 100 * 1e6 / Produced;

    public static async Task<E2eStep> RunAsync(string label, int rate, TimeSpan hold, E2eProbes probes, CancellationToken cancellationToken)
    {
        await probes.Producer.SetRateAsync(rate, cancellationToken);
        await Task.Delay(Settle, cancellationToken);

        var lagStart = probes.Lag.Lag();
        var backlogStart = Backlog(probes.Lag);
        var predictionsStart = probes.Lag.Written(Topics.Predictions, PipelineProcesses.Partitions);
        var statusStart = await probes.Producer.StatusAsync(cancellationToken);
        var sampler = ProcessSampler.Start(probes.Pipeline);
        probes.Listener.Swap();
        var watch = Stopwatch.StartNew();

        await Task.Delay(hold, cancellationToken);

        var statusEnd = await probes.Producer.StatusAsync(cancellationToken);
        var predictionsEnd = probes.Lag.Written(Topics.Predictions, PipelineProcesses.Partitions);
        var seconds = watch.Elapsed.TotalSeconds;
        var latencies = probes.Listener.Swap();
        var usage = sampler.Stop();
        var lagEnd = probes.Lag.Lag();
        var backlogEnd = Backlog(probes.Lag);

        return new E2eStep(label, rate, seconds,
            (statusEnd.Acknowledged - statusStart.Acknowledged) / seconds,
            (predictionsEnd - predictionsStart) / seconds,
            lagStart, lagEnd, backlogStart, backlogEnd, statusEnd.Failed - statusStart.Failed,
            latencies.Received(), latencies.Created(), usage);
    }

    // Outputs first: a reading written between the queries then counts as unscored, never the reverse (no negative backlog).
    private static long Backlog(ConsumerLag lag)
    {
        var scored = lag.Written(Topics.Predictions, PipelineProcesses.Partitions) + lag.Written(Topics.DeadLetter, 1);
        return lag.Written() - scored;
    }
}

/// <summary>What the benchmark observes the pipeline with.</summary>
internal sealed record E2eProbes(PipelineProcesses Pipeline, ProducerClient Producer, ConsumerLag Lag, PredictionListener Listener);
