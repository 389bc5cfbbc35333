using System.Diagnostics;
using Confluent.Kafka;
using KappaAspire.Viewer.Kafka;
using KappaAspire.Viewer.Telemetry;
using KappaAspire.Viewer.View;

namespace KappaAspire.Viewer.Services;

/// <summary>
/// Reads the current predictions (<c>iot_predictions</c>, or the topic of the run cut over to, see <see cref="CurrentOutput"/>)
/// into the <see cref="LiveView"/>, each record inside a span that continues the prediction's trace (producer → inference → viewer).
/// </summary>
/// <remarks>
/// The viewer commits nothing: its consumer group is private to the instance and <see cref="ResumePositions"/> decides
/// where each partition starts. Records that are not predictions are counted, logged and skipped; the log keeps them.
/// </remarks>
internal sealed partial class PredictionConsumer(
    IConsumer<string, byte[]> consumer,
    LiveView view,
    KafkaConnectionMonitor connection,
    ResumePositions positions,
    CurrentOutput output,
    ViewerMetrics metrics,
    ILogger<PredictionConsumer> logger) : BackgroundService
{
    // How soon a cut-over is followed when no record arrives meanwhile.
    private static readonly TimeSpan SwitchCheckInterval = TimeSpan.FromMilliseconds(250);

    // error.type of messaging.process.duration for a record that is not a prediction.
    private const string InvalidErrorType = "invalid_prediction";

    // Consume blocks; a dedicated thread keeps it off the thread pool.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var topic = output.Topic;
        consumer.Subscribe(topic);
        LogSubscribed(logger, topic, consumer.Name);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (output.Topic != topic)
                {
                    // The new topic's run has caught up: from its end on, so the page shows no reading twice.
                    consumer.Unsubscribe();
                    topic = output.Topic;
                    positions.StartAtEnd(topic);
                    consumer.Subscribe(topic);
                    LogSubscribed(logger, topic, consumer.Name);
                }

                ConsumeResult<string, byte[]>? result;
                try
                {
                    result = consumer.Consume(SwitchCheckInterval);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    // e.g. the topic does not exist yet: librdkafka keeps retrying, and so do we. The monitor logs it.
                    connection.OnError(ex.Error);
                    continue;
                }

                if (result is { IsPartitionEOF: false, Message: not null } && result.Topic == topic)
                {
                    Process(result);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Leave the group now rather than after a session timeout; nothing to commit.
            consumer.Close();
        }
    }

    private void Process(ConsumeResult<string, byte[]> result)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = consumer.StartProcessActivity(result);
        positions.Processed(result.TopicPartitionOffset);
        connection.OnRecord();

        if (!PredictionReader.TryRead(result.Message.Value, out var prediction, out var error))
        {
            view.AddInvalid();
            metrics.Invalid();
            activity?.SetStatus(ActivityStatusCode.Error, error);
            LogInvalid(logger, result.Topic, result.Partition.Value, result.Offset.Value, error);
            consumer.RecordProcessDuration(result, started, InvalidErrorType);
            return;
        }

        view.Add(prediction);
        metrics.Received(prediction.IsAnomaly);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("kappa.sensor.id", prediction.SensorId);
            activity.SetTag("kappa.model.version", prediction.ModelVersion);
            activity.SetTag("kappa.anomaly", prediction.IsAnomaly);
        }

        consumer.RecordProcessDuration(result, started);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Topic} as {ClientName}")]
    private static partial void LogSubscribed(ILogger logger, string topic, string clientName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped record {Partition}:{Offset} of {Topic}: {Error}")]
    private static partial void LogInvalid(ILogger logger, string topic, int partition, long offset, string error);
}
