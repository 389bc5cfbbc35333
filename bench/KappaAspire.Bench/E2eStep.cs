using System.Diagnostics;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Bench;

/// <summary>One measured step of the end-to-end benchmark: a producer rate held for a while, and what came out.</summary>
/// <param name="Produced">Readings/s the broker acknowledged to the producer during the step (not the requested rate).</param>
/// <param name="PredictionsOut">Predictions/s written to iot_predictions (high watermark delta).</param>
/// <param name="LagStart">Inference group lag (uncommitted readings) when the step started.</param>
/// <param name="Received">Reading timestamp → the benchmark's consumer receives the prediction.</param>
/// <param name="Created">Reading timestamp → CreateTime of the prediction record (stamped by inference's producer).</param>
internal sealed record E2eStep(
    string Label, int Requested, double Seconds, double Produced, double PredictionsOut, long LagStart, long LagEnd,
    long ProducerFailed, Percentiles Received, Percentiles Created, IReadOnlyList<ProcessSampler.Usage> Usage)
{
    /// <summary>Time the new rate is given before measuring, so the step measures the rate and not the change.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>The producer reached the requested rate (within 5 %).</summary>
    public bool ReachedRate => Produced >= 0.95 * Requested;

    /// <summary>
    /// Inference kept up with what was produced: predictions out ≥ 95 % of readings in, and the lag did not grow by more
    /// than two commit intervals' worth (committed offsets trail by up to Inference:CommitInterval = 1 s even when keeping up).
    /// </summary>
    public bool Sustained => PredictionsOut >= 0.95 * Produced && LagEnd - LagStart <= Math.Max(2_000, 2 * Produced);

    public static async Task<E2eStep> RunAsync(string label, int rate, TimeSpan hold, E2eProbes probes, CancellationToken cancellationToken)
    {
        await probes.Producer.SetRateAsync(rate, cancellationToken);
        await Task.Delay(Settle, cancellationToken);

        var lagStart = probes.Lag.Lag();
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

        return new E2eStep(label, rate, seconds,
            (statusEnd.Acknowledged - statusStart.Acknowledged) / seconds,
            (predictionsEnd - predictionsStart) / seconds,
            lagStart, lagEnd, statusEnd.Failed - statusStart.Failed,
            latencies.Received(), latencies.Created(), usage);
    }
}

/// <summary>What the benchmark observes the pipeline with.</summary>
internal sealed record E2eProbes(PipelineProcesses Pipeline, ProducerClient Producer, ConsumerLag Lag, PredictionListener Listener);
