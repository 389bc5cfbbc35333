using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Simulation;
using Microsoft.Extensions.Options;

namespace KappaAspire.Producer.Services;

/// <summary>
/// Sends readings to <see cref="Topics.RawData"/>: key = sensor id, value = reading JSON, ground truth in the
/// <see cref="PipelineHeaders.Truth"/> header, trace context added by <c>ProduceTraced</c>. Fire-and-forget for
/// throughput; every delivery report is counted, and failures are logged with the running counts.
/// </summary>
public sealed partial class ReadingPublisher
{
    private static readonly TimeSpan BackPressureDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromSeconds(1);

    // Five possible values: encode each once and share the bytes (librdkafka copies headers when producing).
    private static readonly Dictionary<GroundTruth, byte[]> TruthHeaderValues =
        new GroundTruth[] { GroundTruth.Normal, new(true, null) }
            .Concat(Enum.GetValues<AnomalyKind>().Select(GroundTruth.Anomaly))
            .ToDictionary(truth => truth, truth => Encoding.UTF8.GetBytes(truth.ToHeaderValue()));

    private readonly IProducer<string, byte[]> _producer;
    private readonly ProducerMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ReadingPublisher> _logger;
    private readonly int _maxInFlight;
    private readonly Action<DeliveryReport<string, byte[]>> _onDelivery;
    private readonly Lock _failureLogGate = new();
    private long _lastFailureLog;
    private long _failuresSinceLog;

    public ReadingPublisher(
        IProducer<string, byte[]> producer,
        ProducerMetrics metrics,
        IOptions<ProducerOptions> options,
        TimeProvider timeProvider,
        ILogger<ReadingPublisher> logger)
    {
        _producer = producer;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
        _maxInFlight = options.Value.MaxInFlight;
        _onDelivery = OnDelivery; // one delegate for every message, not a closure each
    }

    /// <summary>
    /// Hands <paramref name="labeled"/> to the Kafka client. Completes synchronously unless
    /// <see cref="ProducerOptions.MaxInFlight"/> readings await acknowledgement or the client's queue is full; then it
    /// waits, so a slow broker slows the producer instead of losing readings.
    /// </summary>
    public ValueTask PublishAsync(LabeledReading labeled, CancellationToken cancellationToken)
    {
        if (_metrics.InFlight < _maxInFlight && TryProduce(labeled))
        {
            return ValueTask.CompletedTask;
        }
        return PublishWhenRoomAsync(labeled, cancellationToken);
    }

    /// <summary>Waits for outstanding deliveries (at most <paramref name="timeout"/>) and logs the totals.</summary>
    public void Flush(TimeSpan timeout)
    {
        var remaining = _producer.Flush(timeout);
        if (remaining > 0)
        {
            LogUnconfirmed(_logger, remaining, timeout.TotalSeconds);
        }
        LogTotals(_logger, _metrics.Produced, _metrics.AcknowledgedCount, _metrics.FailedCount);
    }

    private async ValueTask PublishWhenRoomAsync(LabeledReading labeled, CancellationToken cancellationToken)
    {
        while (true)
        {
            while (_metrics.InFlight >= _maxInFlight)
            {
                await Task.Delay(BackPressureDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            if (TryProduce(labeled))
            {
                return;
            }
            await Task.Delay(BackPressureDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>False when the client's queue is full and the reading must be offered again.</returns>
    private bool TryProduce(LabeledReading labeled)
    {
        var reading = labeled.Reading;
        var message = new Message<string, byte[]>
        {
            Key = reading.SensorId,
            Value = JsonSerializer.SerializeToUtf8Bytes(reading, PipelineJsonContext.Default.SensorReading),
            Headers = [],
        };
        if (labeled.Truth is { } truth)
        {
            message.Headers.Add(PipelineHeaders.Truth, TruthHeaderValues[truth]);
        }

        _metrics.RecordProduced();
        try
        {
            _producer.ProduceTraced(Topics.RawData, message, _onDelivery);
        }
        catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
        {
            _metrics.RecordRequeued();
            return false;
        }
        catch (KafkaException ex)
        {
            // Refused before it was queued (e.g. a fatal producer error): counted and logged like a failed delivery.
            RecordFailure(reading.SensorId, ex.Error.Reason);
            return true;
        }

        _metrics.RecordTruth(labeled.Truth);
        return true;
    }

    // On librdkafka's poll thread.
    private void OnDelivery(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError)
        {
            RecordFailure(report.Message.Key, report.Error.Reason);
        }
        else
        {
            _metrics.RecordAcknowledged();
        }
    }

    private void RecordFailure(string sensorId, string reason)
    {
        var failed = _metrics.RecordFailed();

        // A broker outage fails thousands of deliveries at once: log the first, then at most one line per interval,
        // each with the number of failures it stands for.
        lock (_failureLogGate)
        {
            _failuresSinceLog++;
            var now = _timeProvider.GetTimestamp();
            if (failed > 1 && _timeProvider.GetElapsedTime(_lastFailureLog, now) < FailureLogInterval)
            {
                return;
            }
            LogDeliveryFailed(_logger, sensorId, reason, _failuresSinceLog, failed, _metrics.AcknowledgedCount);
            _failuresSinceLog = 0;
            _lastFailureLog = now;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error,
        Message = "Reading of {SensorId} was not delivered to " + Topics.RawData + ": {Reason} ({NewFailures} failed since the last report; {Failed} failed and {Acknowledged} acknowledged in total)")]
    private static partial void LogDeliveryFailed(ILogger logger, string sensorId, string reason, long newFailures, long failed, long acknowledged);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "{Unconfirmed} readings were still unacknowledged after waiting {Seconds} s at shutdown")]
    private static partial void LogUnconfirmed(ILogger logger, int unconfirmed, double seconds);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Producer totals: {Produced} produced, {Acknowledged} acknowledged, {Failed} failed")]
    private static partial void LogTotals(ILogger logger, long produced, long acknowledged, long failed);
}
