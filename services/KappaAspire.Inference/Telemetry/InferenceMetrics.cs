using System.Diagnostics;
using System.Diagnostics.Metrics;
using KappaAspire.Inference.Models;
using KappaAspire.Inference.Monitoring;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Model.Monitoring;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Inference.Telemetry;

/// <summary>
/// The <c>KappaAspire.Inference</c> meter, plus running totals for <c>/status</c>. Consumer lag per partition comes
/// from the Kafka integration (<c>messaging.kafka.consumer.lag</c>).
/// </summary>
/// <remarks>Recorded from the consume loop (scoring) and from the producer's delivery thread (acknowledgements).</remarks>
internal sealed class InferenceMetrics
{
    public const string MeterName = "KappaAspire.Inference";
    public const string ReasonTag = "kappa.reason";
    public const string ModelVersionTag = "kappa.model.version";
    public const string OutcomeTag = "kappa.outcome";
    public const string SensorTag = "kappa.sensor.id";

    // Histogram buckets in milliseconds: scoring is microseconds, end-to-end spans sub-millisecond to minutes.
    private static readonly InstrumentAdvice<double> ScoringAdvice = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100],
    };

    private static readonly InstrumentAdvice<double> EndToEndAdvice = new()
    {
        HistogramBucketBoundaries = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000],
    };

    private readonly Counter<long> _predictions;
    private readonly Counter<long> _anomalies;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _deliveryFailures;
    private readonly Counter<long> _modelsRefused;
    private readonly Counter<long> _modelsLoaded;
    private readonly Counter<long> _verdicts;
    private readonly Histogram<double> _scoringDuration;
    private readonly Histogram<double> _endToEndLatency;

    private long _consumed;
    private long _predictionCount;
    private long _anomalyCount;
    private long _deadLetterCount;
    private long _deliveryFailureCount;
    private long _modelsRefusedCount;
    private long _modelsLoadedCount;
    private long _rebalances;
    private long _warmupRecords;
    private long _scoringTicks;
    private long _endToEndMicros;

    public InferenceMetrics(IMeterFactory meterFactory, ServingModel model, ServingModelQuality quality)
    {
        var meter = meterFactory.Create(new MeterOptions(MeterName));
        _predictions = meter.CreateCounter<long>("kappa.inference.predictions", "{prediction}",
            "Predictions acknowledged by Kafka.");
        _anomalies = meter.CreateCounter<long>("kappa.inference.anomalies", "{prediction}",
            "Acknowledged predictions flagged as anomalies.");
        _deadLetters = meter.CreateCounter<long>("kappa.inference.dead_letters", "{record}",
            "Records sent to the dead-letter topic and acknowledged, by reason.");
        _deliveryFailures = meter.CreateCounter<long>("kappa.inference.delivery_failures", "{record}",
            "Predictions or dead letters Kafka did not acknowledge; their partition is re-read from the last safe offset.");
        _modelsLoaded = meter.CreateCounter<long>("kappa.inference.models.loaded", "{model}",
            "Model packages verified and put in service.");
        _modelsRefused = meter.CreateCounter<long>("kappa.inference.models.refused", "{model}",
            "Model packages refused (integrity, feature schema or stream errors); the current model keeps serving.");
        _scoringDuration = meter.CreateHistogram<double>("kappa.inference.scoring.duration", "ms",
            "Time to parse, featurize, score and hand one reading's prediction to the producer.", tags: null, ScoringAdvice);
        _endToEndLatency = meter.CreateHistogram<double>("kappa.inference.end_to_end.latency", "ms",
            "From the reading's timestamp to the acknowledgement of its prediction.", tags: null, EndToEndAdvice);
        meter.CreateObservableGauge("kappa.inference.model.version", () => ObserveVersion(model), "{version}",
            "Sequence number of the model in use (v0003 → 3), tagged with its version; nothing before the first model.");
        _verdicts = meter.CreateCounter<long>("kappa.inference.verdicts", "{prediction}",
            "Acknowledged predictions of readings that carried ground truth, by outcome (tp, fp, fn, tn) and model version.");
        meter.CreateObservableGauge("kappa.inference.live.precision", () => ObserveQuality(quality, q => q.Recent.Precision?.Value), "1",
            "Precision of the model in service over its recent predictions with ground truth; absent without any.");
        meter.CreateObservableGauge("kappa.inference.live.recall", () => ObserveQuality(quality, q => q.Recent.Recall?.Value), "1",
            "Recall of the model in service over its recent predictions with ground truth; absent without labelled anomalies.");
        meter.CreateObservableGauge("kappa.inference.drift.psi", () => ObserveQuality(quality, q => q.Drift), "1",
            "Population stability index of the recent scores against the model's holdout scores; absent without a reference or enough readings.");
        meter.CreateObservableGauge("kappa.inference.alarm_rate", () => ObserveAlarmRates(quality), "1",
            "Share of a sensor's readings the model in service flagged since it was loaded, by model version and sensor.");
    }

    public long Consumed => Volatile.Read(ref _consumed);

    /// <summary>Called on the consume loop only.</summary>
    public void RecordConsumed() => Volatile.Write(ref _consumed, _consumed + 1);

    public void RecordScoring(long startedTimestamp)
    {
        var elapsed = Stopwatch.GetTimestamp() - startedTimestamp;
        Interlocked.Add(ref _scoringTicks, elapsed);
        if (_scoringDuration.Enabled)
        {
            _scoringDuration.Record(elapsed * 1000.0 / Stopwatch.Frequency);
        }
    }

    public void RecordPredictionAcknowledged(bool isAnomaly, double endToEndMs)
    {
        Interlocked.Increment(ref _predictionCount);
        _predictions.Add(1);
        if (isAnomaly)
        {
            Interlocked.Increment(ref _anomalyCount);
            _anomalies.Add(1);
        }

        Interlocked.Add(ref _endToEndMicros, (long)(endToEndMs * 1000));
        _endToEndLatency.Record(endToEndMs);
    }

    /// <summary>Counts an acknowledged prediction against its ground truth; readings without one are not verdicts.</summary>
    public void RecordVerdict(string version, bool alarm, GroundTruth? truth)
    {
        if (truth is not { } known || !_verdicts.Enabled)
        {
            return;
        }

        var outcome = (known.IsAnomaly, alarm) switch
        {
            (true, true) => "tp",
            (false, true) => "fp",
            (true, false) => "fn",
            _ => "tn",
        };
        _verdicts.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome), new KeyValuePair<string, object?>(ModelVersionTag, version));
    }

    public void RecordDeadLetterAcknowledged(string reason)
    {
        Interlocked.Increment(ref _deadLetterCount);
        _deadLetters.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));
    }

    public void RecordDeliveryFailure()
    {
        Interlocked.Increment(ref _deliveryFailureCount);
        _deliveryFailures.Add(1);
    }

    public void RecordModelLoaded(string version)
    {
        Interlocked.Increment(ref _modelsLoadedCount);
        _modelsLoaded.Add(1, new KeyValuePair<string, object?>(ModelVersionTag, version));
    }

    public void RecordModelRefused(string version)
    {
        Interlocked.Increment(ref _modelsRefusedCount);
        _modelsRefused.Add(1, new KeyValuePair<string, object?>(ModelVersionTag, version));
    }

    public void RecordRebalance() => Interlocked.Increment(ref _rebalances);

    public void RecordWarmup(long records) => Interlocked.Add(ref _warmupRecords, records);

    public InferenceTotals Totals()
    {
        var consumed = Consumed;
        var predictions = Interlocked.Read(ref _predictionCount);
        var scoringTicks = Interlocked.Read(ref _scoringTicks);
        var endToEndMicros = Interlocked.Read(ref _endToEndMicros);
        return new InferenceTotals(
            consumed,
            predictions,
            Interlocked.Read(ref _anomalyCount),
            Interlocked.Read(ref _deadLetterCount),
            Interlocked.Read(ref _deliveryFailureCount),
            Interlocked.Read(ref _modelsLoadedCount),
            Interlocked.Read(ref _modelsRefusedCount),
            Interlocked.Read(ref _rebalances),
            Interlocked.Read(ref _warmupRecords),
            consumed == 0 ? 0 : scoringTicks * 1000.0 / Stopwatch.Frequency / consumed,
            predictions == 0 ? 0 : endToEndMicros / 1000.0 / predictions);
    }

    private static IEnumerable<Measurement<double>> ObserveQuality(ServingModelQuality quality, Func<LiveQuality, double?> figure)
    {
        if (quality.Snapshot() is { } snapshot && figure(snapshot.Quality) is { } value)
        {
            yield return new Measurement<double>(value, new KeyValuePair<string, object?>(ModelVersionTag, snapshot.Version));
        }
    }

    private static IEnumerable<Measurement<double>> ObserveAlarmRates(ServingModelQuality quality)
    {
        if (quality.Snapshot() is not { } snapshot)
        {
            yield break;
        }

        foreach (var (sensor, rate) in snapshot.Quality.AlarmRateBySensor)
        {
            yield return new Measurement<double>(rate.Value,
                new KeyValuePair<string, object?>(ModelVersionTag, snapshot.Version), new KeyValuePair<string, object?>(SensorTag, sensor));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveVersion(ServingModel model)
    {
        if (model.Current is { } current && ModelVersion.TryParse(current.Version, out var number))
        {
            yield return new Measurement<long>(number, new KeyValuePair<string, object?>(ModelVersionTag, current.Version));
        }
    }
}

/// <summary>Running totals since start, for <c>/status</c>.</summary>
/// <param name="Consumed">Records read from the input topic.</param>
/// <param name="Predictions">Predictions acknowledged.</param>
/// <param name="Anomalies">Acknowledged predictions flagged as anomalies.</param>
/// <param name="DeadLetters">Dead letters acknowledged.</param>
/// <param name="DeliveryFailures">Records Kafka did not acknowledge (re-read afterwards).</param>
/// <param name="ModelsLoaded">Packages put in service.</param>
/// <param name="ModelsRefused">Packages refused.</param>
/// <param name="Rebalances">Partition assignments received.</param>
/// <param name="WarmupRecords">Records read back to rebuild feature state.</param>
/// <param name="MeanScoringMs">Mean hot-path time per consumed record.</param>
/// <param name="MeanEndToEndMs">Mean time from reading timestamp to acknowledged prediction.</param>
internal sealed record InferenceTotals(
    long Consumed,
    long Predictions,
    long Anomalies,
    long DeadLetters,
    long DeliveryFailures,
    long ModelsLoaded,
    long ModelsRefused,
    long Rebalances,
    long WarmupRecords,
    double MeanScoringMs,
    double MeanEndToEndMs);
