using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using KappaAspire.Inference.Models;
using KappaAspire.Inference.Monitoring;
using KappaAspire.Inference.Telemetry;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Scoring;

/// <summary>
/// The hot path: one consumed reading → parse → features from its partition's sensor state → current model →
/// one prediction (or one dead letter) handed to the producer, tracked until Kafka acknowledges it.
/// </summary>
/// <remarks>
/// Runs on the consume loop only (the serializer and the sensor state are not thread-safe). Delivery callbacks run on
/// the producer's poll thread and only touch <see cref="PartitionProgress"/> and metrics.
/// </remarks>
internal sealed partial class ReadingProcessor(
    IProducer<byte[], byte[]> producer,
    PartitionAssignments assignments,
    ServingModel model,
    InferenceMetrics metrics,
    ServingModelQuality quality,
    IOptions<InferenceOptions> options,
    ILogger<ReadingProcessor> logger)
{
    private readonly InferenceOptions _options = options.Value;
    private readonly PredictionSerializer _serializer = new();

    // error.type of messaging.process.duration for a reading parked in the dead-letter topic instead of scored.
    private const string DeadLetteredErrorType = "dead_lettered";

    public void Process(IConsumer<byte[], byte[]> consumer, ConsumeResult<byte[], byte[]> result)
    {
        var started = Stopwatch.GetTimestamp();
        metrics.RecordConsumed();
        if (assignments.Get(result.Partition.Value) is not { } partition)
        {
            // Records of a partition revoked in the same poll; its new owner scores them from the committed offset.
            return;
        }

        using var activity = consumer.StartProcessActivity(result);
        var message = result.Message;
        string? error;
        try
        {
            if (ReadingParser.TryParse(message.Value, message.Timestamp.RecordTime(), out var reading, out error))
            {
                Score(partition, result, reading);
                metrics.RecordScoring(started);
                consumer.RecordProcessDuration(result, started);
                return;
            }
        }
        catch (Exception ex) when (ex is not KafkaException)
        {
            // Not bad input the parser knows, but still this record's problem: park it rather than stop the stream.
            error = $"processing failed: {ex.GetType().Name}: {ex.Message}";
            LogProcessingFailed(logger, result.Partition.Value, result.Offset.Value, ex);
        }

        DeadLetter(partition, result, error);
        metrics.RecordScoring(started);
        consumer.RecordProcessDuration(result, started, DeadLetteredErrorType);
    }

    private void Score(PartitionState partition, ConsumeResult<byte[], byte[]> result, SensorReading reading)
    {
        var current = model.Current!;
        var features = FeatureExtractor.Extract(partition.Store, reading);
        var verdict = current.Scorer.Score(features, reading.Power);
        var now = DateTimeOffset.UtcNow;
        var truth = Truth(result.Message.Headers);
        var prediction = new Prediction(
            reading.SensorId,
            reading.Timestamp,
            result.Partition.Value,
            result.Offset.Value,
            reading.Power,
            verdict.ExpectedPower,
            verdict.Score,
            verdict.IsAnomaly,
            current.Version,
            (now - reading.Timestamp).TotalMilliseconds,
            truth?.ToLabel());

        var message = new Message<byte[], byte[]>
        {
            Key = KeyFor(result.Message.Key, reading.SensorId),
            Value = _serializer.Serialize(prediction),
        };

        var progress = partition.Progress;
        var ticket = progress.Track(result.Offset.Value);
        var readingTime = reading.Timestamp;
        var isAnomaly = verdict.IsAnomaly;
        Produce(_options.PredictionsTopic, message, report =>
        {
            if (report.Error.IsError)
            {
                OnDeliveryFailed(progress, ticket, report);
                return;
            }

            progress.Acknowledge(ticket);
            metrics.RecordPredictionAcknowledged(isAnomaly, (DateTimeOffset.UtcNow - readingTime).TotalMilliseconds);
            metrics.RecordVerdict(current.Version, isAnomaly, truth);
            quality.Add(current, prediction.SensorId, prediction.Score, isAnomaly, truth, Math.Abs(prediction.Power - prediction.ExpectedPower));
        });
    }

    private void DeadLetter(PartitionState partition, ConsumeResult<byte[], byte[]> result, string error)
    {
        var reason = DeadLetters.Reason(error);
        LogDeadLetter(logger, result.Partition.Value, result.Offset.Value, error);
        var progress = partition.Progress;
        var ticket = progress.Track(result.Offset.Value);
        Produce(_options.DeadLetterTopic, DeadLetters.Create(result, error), report =>
        {
            if (report.Error.IsError)
            {
                OnDeliveryFailed(progress, ticket, report);
                return;
            }

            progress.Acknowledge(ticket);
            metrics.RecordDeadLetterAcknowledged(reason);
        });
    }

    private void Produce(string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>> onDelivery)
    {
        // The producer's queue is the back-pressure: when it is full, wait for acknowledgements to drain it.
        while (true)
        {
            try
            {
                producer.ProduceTraced(topic, message, onDelivery);
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                Thread.Sleep(1);
            }
        }
    }

    private void OnDeliveryFailed(PartitionProgress progress, long ticket, DeliveryReport<byte[], byte[]> report)
    {
        metrics.RecordDeliveryFailure();
        if (progress.Fail(ticket))
        {
            LogDeliveryFailed(logger, report.Topic, report.Error.Reason);
        }
    }

    // The key is the sensor id; reuse the consumed key's bytes when they already are exactly that (the normal case).
    private static byte[] KeyFor(byte[]? consumedKey, string sensorId) =>
        consumedKey is not null && Ascii.Equals(consumedKey, sensorId) ? consumedKey : Encoding.UTF8.GetBytes(sensorId);

    private static GroundTruth? Truth(Headers? headers) =>
        headers is not null
        && headers.TryGetLastBytes(PipelineHeaders.Truth, out var bytes)
        && GroundTruth.TryParse(bytes.AsSpan(), out var truth)
            ? truth
            : null;

    [LoggerMessage(EventId = 30, Level = LogLevel.Debug, Message = "Dead-lettering partition {Partition} offset {Offset}: {Error}")]
    private static partial void LogDeadLetter(ILogger logger, int partition, long offset, string error);

    [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "Processing partition {Partition} offset {Offset} failed; dead-lettering the record")]
    private static partial void LogProcessingFailed(ILogger logger, int partition, long offset, Exception exception);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Kafka did not acknowledge an output to {Topic} ({Reason}); its partition will be re-read from the last acknowledged offset")]
    private static partial void LogDeliveryFailed(ILogger logger, string topic, string reason);
}
