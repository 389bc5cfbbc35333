using System.Diagnostics.Metrics;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Producer.Services;

/// <summary>
/// Counts what the producer did, for <c>GET /status</c> and the <c>KappaAspire.Producer</c> meter. Tags stay low-cardinality
/// (outcome, anomaly kind): per-sensor series would grow with the fleet.
/// </summary>
public sealed class ProducerMetrics : IDisposable
{
    public const string MeterName = "KappaAspire.Producer";

    private static readonly KeyValuePair<string, object?> Acknowledged = new("outcome", "acknowledged");
    private static readonly KeyValuePair<string, object?> Failed = new("outcome", "failed");

    private readonly Counter<long> _readings;
    private readonly Counter<long> _anomalies;
    private readonly Counter<long> _rejectedRows;
    private readonly ITimer _sampler;
    private readonly long[] _anomaliesByKind = new long[Enum.GetValues<AnomalyKind>().Length + 1]; // last slot: kind not given
    private long _produced;
    private long _acknowledged;
    private long _failed;
    private long _rejected;
    private long _lastSampleCount;
    private readonly TimeProvider _timeProvider;
    private long _lastSampleTimestamp;
    private double _measuredRate;

    public ProducerMetrics(IMeterFactory meterFactory, ProducerControl control, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _lastSampleTimestamp = timeProvider.GetTimestamp();
        var meter = meterFactory.Create(MeterName);
        _readings = meter.CreateCounter<long>("kappa.producer.readings", "{reading}",
            "Readings whose delivery to Kafka ended, by outcome (acknowledged or failed).");
        _anomalies = meter.CreateCounter<long>("kappa.producer.anomalies", "{reading}",
            "Readings sent with an anomaly ground-truth label, by kind (spike, drift, stuck, anomaly when the kind is not known).");
        _rejectedRows = meter.CreateCounter<long>("kappa.producer.rejected_rows", "{row}",
            "Replay rows that were not valid readings and were skipped.");
        meter.CreateObservableGauge("kappa.producer.rate", () => MeasuredRate, "{reading}/s",
            "Readings handed to Kafka per second, measured over the last second.");
        meter.CreateObservableGauge("kappa.producer.target_rate", () => control.IsPaused ? 0 : control.ReadingsPerSecond, "{reading}/s",
            "Configured simulation rate (0 while paused).");
        meter.CreateObservableGauge("kappa.producer.in_flight", () => InFlight, "{reading}",
            "Readings handed to Kafka and not yet acknowledged or failed.");

        // Sampling on a clock, not on reads, so the rate means the same whoever asks and how often.
        _sampler = timeProvider.CreateTimer(_ => Sample(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public long Produced => Interlocked.Read(ref _produced);

    public long AcknowledgedCount => Interlocked.Read(ref _acknowledged);

    public long FailedCount => Interlocked.Read(ref _failed);

    public long InFlight => Produced - AcknowledgedCount - FailedCount;

    public long RejectedRows => Interlocked.Read(ref _rejected);

    /// <summary>Readings per second handed to Kafka over the last sampled second.</summary>
    public double MeasuredRate => Volatile.Read(ref _measuredRate);

    /// <summary>Anomalous readings sent so far, by kind name (<c>spike</c>, <c>drift</c>, <c>stuck</c>, <c>anomaly</c> = kind unknown).</summary>
    public IReadOnlyDictionary<string, long> AnomaliesByKind()
    {
        var counts = new Dictionary<string, long>();
        foreach (var kind in Enum.GetValues<AnomalyKind>())
        {
            counts[GroundTruth.KindName(kind)] = Interlocked.Read(ref _anomaliesByKind[(int)kind]);
        }
        counts["anomaly"] = Interlocked.Read(ref _anomaliesByKind[^1]);
        return counts;
    }

    /// <summary>A reading is being handed to the Kafka client (counted before, so a fast acknowledgement never overtakes it).</summary>
    public void RecordProduced() => Interlocked.Increment(ref _produced);

    /// <summary>The Kafka client's queue was full and the reading will be handed over again.</summary>
    public void RecordRequeued() => Interlocked.Decrement(ref _produced);

    /// <summary>A reading with this ground truth was handed to the Kafka client.</summary>
    public void RecordTruth(GroundTruth? truth)
    {
        if (truth is { IsAnomaly: true } anomaly)
        {
            var slot = anomaly.Kind is { } kind ? (int)kind : _anomaliesByKind.Length - 1;
            Interlocked.Increment(ref _anomaliesByKind[slot]);
            _anomalies.Add(1, new KeyValuePair<string, object?>("kind", anomaly.ToLabel()));
        }
    }

    public void RecordAcknowledged()
    {
        _readings.Add(1, Acknowledged); // first, so the meter is never behind GET /status
        Interlocked.Increment(ref _acknowledged);
    }

    /// <returns>The number of failed deliveries so far.</returns>
    public long RecordFailed()
    {
        _readings.Add(1, Failed);
        return Interlocked.Increment(ref _failed);
    }

    /// <returns>The number of rejected rows so far.</returns>
    public long RecordRejectedRow()
    {
        _rejectedRows.Add(1);
        return Interlocked.Increment(ref _rejected);
    }

    public void Dispose() => _sampler.Dispose();

    private void Sample()
    {
        var count = Produced;
        var now = _timeProvider.GetTimestamp();
        var seconds = _timeProvider.GetElapsedTime(_lastSampleTimestamp, now).TotalSeconds;
        if (seconds > 0)
        {
            Volatile.Write(ref _measuredRate, (count - _lastSampleCount) / seconds);
        }
        _lastSampleCount = count;
        _lastSampleTimestamp = now;
    }
}
