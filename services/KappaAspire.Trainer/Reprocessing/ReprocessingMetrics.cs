using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KappaAspire.Trainer.Telemetry;

namespace KappaAspire.Trainer.Reprocessing;

/// <summary>Progress of the active reprocessing runs on the trainer's meter, for the dashboard (tag <c>kappa.model.version</c>).</summary>
internal sealed class ReprocessingMetrics
{
    private const string ModelTag = "kappa.model.version";
    private readonly ConcurrentDictionary<string, RunProgress> _active = new(StringComparer.Ordinal);

    public ReprocessingMetrics(IMeterFactory meterFactory)
    {
        // The factory hands back the trainer's one meter for its name.
        var meter = meterFactory.Create(TrainerTelemetry.Name);
        meter.CreateObservableGauge("kappa.trainer.reprocessing.lag", () => Observe(p => p.TotalLag), "{reading}", "Readings an active reprocessing run still has to score.");
        meter.CreateObservableGauge("kappa.trainer.reprocessing.rate", () => Observe(p => p.ReadingsPerSecond), "{reading}/s", "Readings per second a reprocessing run scores.");
        meter.CreateObservableGauge("kappa.trainer.reprocessing.eta", () => Observe(p => p.EtaSeconds), "s", "Time until a reprocessing run catches up at its current rate.");
        meter.CreateObservableGauge("kappa.trainer.reprocessing.caught_up", () => Observe(p => p.CaughtUp ? 1 : 0), "1", "1 once a reprocessing run is caught up.");
    }

    public void Record(string model, RunProgress progress) => _active[model] = progress;

    public void Forget(string model) => _active.TryRemove(model, out _);

    private IEnumerable<Measurement<double>> Observe(Func<RunProgress, double?> value) =>
        _active.Select(run => value(run.Value) is { } v ? new Measurement<double>(v, new KeyValuePair<string, object?>(ModelTag, run.Key)) : (Measurement<double>?)null)
            .Where(m => m is not null).Select(m => m!.Value);
}
