using Confluent.Kafka;
using KappaAspire.Inference.Models;
using KappaAspire.Inference.Scoring;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Services;

/// <summary>
/// The consume loop: waits for the first model, joins the group, scores every reading of the owned partitions and
/// commits only what Kafka acknowledged.
/// </summary>
/// <remarks>
/// Nothing is consumed before a model is in place, so the group's committed offsets never pass an unscored reading.
/// Consume blocks, so the loop has a thread of its own.
/// </remarks>
internal sealed partial class ScoringService(
    IConsumer<byte[], byte[]> consumer,
    IProducer<byte[], byte[]> producer,
    ServingModel model,
    ReadingProcessor processor,
    PartitionAssignments assignments,
    OutputHandover handover,
    IOptions<InferenceOptions> options,
    ILogger<ScoringService> logger) : BackgroundService
{
    private static readonly TimeSpan ConsumeTimeout = TimeSpan.FromMilliseconds(100);
    private readonly InferenceOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogWaitingForModel(logger, _options.InputTopic);
        try
        {
            await model.FirstLoaded.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            consumer.Close();
            return;
        }

        await Task.Factory.StartNew(() => Run(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .ConfigureAwait(false);
    }

    private void Run(CancellationToken stoppingToken)
    {
        consumer.Subscribe(_options.InputTopic);
        assignments.IsConsuming = true;
        LogConsuming(logger, _options.InputTopic, _options.ConsumerGroup, model.Current?.Version ?? "?");
        var commitInterval = (long)_options.CommitInterval.TotalMilliseconds;
        var nextCommit = Environment.TickCount64 + commitInterval;
        var standingBy = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                standingBy = FollowHandover(standingBy);
                ConsumeResult<byte[], byte[]>? result;
                try
                {
                    result = consumer.Consume(ConsumeTimeout);
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal && ex.Error.Code != ErrorCode.Local_Application)
                {
                    // Transient broker or network trouble: librdkafka recovers by itself.
                    LogConsumeError(logger, ex.Error.Reason);
                    continue;
                }

                if (result is { IsPartitionEOF: false })
                {
                    processor.Process(consumer, result);
                }

                if (Environment.TickCount64 >= nextCommit)
                {
                    assignments.RewindFailedPartitions(consumer);
                    assignments.CommitProgress(consumer);
                    nextCommit = Environment.TickCount64 + commitInterval;
                }
            }
        }
        catch (Exception ex)
        {
            LogLoopFailed(logger, ex);
            throw;
        }
        finally
        {
            assignments.IsConsuming = false;
            Shutdown();
        }
    }

    // While a reprocessing run is the output, every owned partition is paused (those assigned since too, hence each pass);
    // a record consumed before the pause took hold is still scored, so nothing is skipped. Resuming continues from the
    // position: the readings of the stand-by are scored first.
    private bool FollowHandover(bool standingBy)
    {
        if (handover.StandingByFor is { } run)
        {
            if (!standingBy)
            {
                FlushAndCommit();
                LogStandingBy(logger, run.Model, run.OutputTopic);
            }

            consumer.Pause(consumer.Assignment);
            return true;
        }

        if (standingBy)
        {
            consumer.Resume(consumer.Assignment);
            LogTakingOver(logger, _options.PredictionsTopic);
        }

        return false;
    }

    private void Shutdown()
    {
        // Let in-flight outputs land, commit them, then leave the group (the revocation commits once more).
        FlushAndCommit();
        try
        {
            consumer.Close();
        }
        catch (KafkaException ex)
        {
            LogCloseFailed(logger, ex.Error.Reason);
        }

        LogStopped(logger);
    }

    private void FlushAndCommit()
    {
        if (producer.Flush(_options.FlushTimeout) > 0)
        {
            LogFlushIncomplete(logger, _options.FlushTimeout);
        }

        assignments.CommitProgress(consumer);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Waiting for the first model before consuming {Topic}")]
    private static partial void LogWaitingForModel(ILogger logger, string topic);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Consuming {Topic} in group {Group} with model {Version}")]
    private static partial void LogConsuming(ILogger logger, string topic, string group, string version);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Consume error: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "The scoring loop failed; stopping (uncommitted readings are scored again on restart)")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Outputs were still unacknowledged after {Timeout}; their readings stay uncommitted")]
    private static partial void LogFlushIncomplete(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Leaving the consumer group failed: {Reason}")]
    private static partial void LogCloseFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Standing by: the run of {Model} is the current output ({Topic}); position and group membership kept")]
    private static partial void LogStandingBy(ILogger logger, string model, string topic);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Taking the output back ({Topic}): scoring the readings that arrived while standing by")]
    private static partial void LogTakingOver(ILogger logger, string topic);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Scoring stopped; acknowledged progress committed")]
    private static partial void LogStopped(ILogger logger);
}
