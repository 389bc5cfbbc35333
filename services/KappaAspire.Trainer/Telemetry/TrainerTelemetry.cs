using System.Diagnostics;
using System.Diagnostics.Metrics;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Trainer.Telemetry;

/// <summary>The trainer's meter and activity source (<c>KappaAspire.Trainer</c>, exported by ServiceDefaults).</summary>
internal sealed class TrainerTelemetry : IDisposable
{
    public const string Name = "KappaAspire.Trainer";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;
    private readonly Counter<long> _runs;
    private readonly Histogram<double> _runDuration;
    private readonly Counter<long> _replayedRecords;
    private readonly Histogram<double> _replayThroughput;
    private volatile ModelMetadata? _lastModel;
    private volatile string? _promotedVersion;
    private int _subscribers;

    public TrainerTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        _runs = _meter.CreateCounter<long>("kappa.trainer.runs", "{run}", "Training runs, by outcome and trigger.");
        _runDuration = _meter.CreateHistogram<double>("kappa.trainer.run.duration", "s", "Wall-clock time of a training run: replay, training and evaluation.");
        _replayedRecords = _meter.CreateCounter<long>("kappa.trainer.replay.records", "{record}", "Records read from the log by replays.");
        _replayThroughput = _meter.CreateHistogram<double>("kappa.trainer.replay.throughput", "{reading}/s", "Readings per second of each replay (parse + features included).");
        // Absent, not 0 or 1, when the holdout cannot support the figure (no labels, no labelled anomaly).
        _meter.CreateObservableGauge("kappa.trainer.model.f1", () => LastModel(m => m.F1), description: "Holdout F1 of the last trained model; absent without labelled anomalies.");
        _meter.CreateObservableGauge("kappa.trainer.model.precision", () => LastModel(m => m.Precision?.Value), description: "Holdout precision of the last trained model; absent when nothing labelled was flagged.");
        _meter.CreateObservableGauge("kappa.trainer.model.recall", () => LastModel(m => m.Recall?.Value), description: "Holdout recall of the last trained model; absent without labelled anomalies.");
        _meter.CreateObservableGauge("kappa.trainer.model.alarm_rate", () => LastModel(m => m.AlarmRate), description: "Share of holdout readings the last trained model flags (needs no labels).");
        _meter.CreateObservableGauge("kappa.trainer.model.mae", () => LastModel(m => m.MeanAbsoluteError), "W", "Holdout mean absolute error of expected power of the last trained model.");
        _meter.CreateObservableGauge("kappa.trainer.model.promoted_version", ObservePromotedVersion, "{version}", "Sequence number of the promoted model (v0003 → 3); absent before the first.");
        _meter.CreateObservableGauge("kappa.trainer.watch.subscribers", () => Volatile.Read(ref _subscribers), "{subscriber}", "Open WatchModels streams.");
    }

    public void RunCompleted(string trigger, string outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _runs.Add(1, tag, new KeyValuePair<string, object?>("trigger", trigger));
        _runDuration.Record(duration.TotalSeconds, tag);
    }

    public void Replayed(long records, double readingsPerSecond)
    {
        _replayedRecords.Add(records);
        if (double.IsFinite(readingsPerSecond) && readingsPerSecond > 0)
        {
            _replayThroughput.Record(readingsPerSecond);
        }
    }

    public void ModelTrained(ModelMetadata metadata) => _lastModel = metadata;

    public void Promoted(string? version) => _promotedVersion = version;

    public void SubscriberAdded() => Interlocked.Increment(ref _subscribers);

    public void SubscriberRemoved() => Interlocked.Decrement(ref _subscribers);

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> LastModel(Func<Pipeline.Model.EvaluationMetrics, double?> select)
    {
        if (_lastModel is { } model && select(model.Metrics) is { } value)
        {
            yield return new Measurement<double>(value, new KeyValuePair<string, object?>("model.version", model.Version));
        }
    }

    private IEnumerable<Measurement<int>> ObservePromotedVersion()
    {
        if (ModelVersion.TryParse(_promotedVersion, out var number))
        {
            yield return new Measurement<int>(number);
        }
    }
}
