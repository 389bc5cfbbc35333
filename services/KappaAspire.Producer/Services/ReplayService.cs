using KappaAspire.Pipeline.Simulation;
using Microsoft.Extensions.Options;

namespace KappaAspire.Producer.Services;

/// <summary>
/// Replay mode: streams a CSV of real readings to Kafka in file order (so each sensor's readings keep their order),
/// keeping their own timestamps and spacing them by their inter-arrival times divided by <see cref="ProducerOptions.SpeedUp"/>.
/// </summary>
/// <remarks>
/// A bad row is logged with its line number (the first 100, then every 1000th, each with the running count), counted
/// (<c>kappa.producer.rejected_rows</c>, <c>GET /status</c>) and skipped; the rest of the file still goes out. Stopping at
/// the first typo would cost every reading after it.
/// </remarks>
public sealed partial class ReplayService(
    ReadingPublisher publisher,
    AnomalyInjector injector,
    ProducerControl control,
    ProducerMetrics metrics,
    ReplayProgress progress,
    IOptions<ProducerOptions> options,
    TimeProvider timeProvider,
    ILogger<ReplayService> logger) : BackgroundService
{
    // Waiting for a distant timestamp in short naps notices a pause within this time.
    private static readonly TimeSpan MaxNap = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(10);

    // A file in the wrong format would otherwise log every line: the first rejections in full, then a sample.
    private const int RejectionsLoggedInFull = 100;
    private const int RejectionLogEvery = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // file reads are synchronous: keep them off the host's startup path

        var path = options.Value.CsvPath!;
        var speedUp = options.Value.SpeedUpFactor!.Value;
        LogStarting(logger, path, options.Value.SpeedUp);
        try
        {
            using var reader = new StreamReader(path);
            var schedule = new ReplaySchedule(speedUp, timeProvider);
            long replayed = 0;
            foreach (var row in CsvReplayRows.Read(reader, new CsvReadingSource(timeProvider)))
            {
                stoppingToken.ThrowIfCancellationRequested();
                if (row.Reading is not { } labeled)
                {
                    var rejected = metrics.RecordRejectedRow();
                    progress.Rejected(row.LineNumber, row.Problem!);
                    if (rejected <= RejectionsLoggedInFull || rejected % RejectionLogEvery == 0)
                    {
                        LogRejectedRow(logger, path, row.LineNumber, row.Problem!, rejected);
                    }
                    continue;
                }

                progress.AtLine(row.LineNumber);
                await WaitUntilDueAsync(schedule, labeled.Reading.Timestamp, stoppingToken);
                await publisher.PublishAsync(injector.Apply(labeled), stoppingToken);
                replayed++;
            }

            progress.Complete();
            LogCompleted(logger, path, replayed, metrics.RejectedRows);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            progress.Fail(ex.Message);
            LogReadFailed(logger, ex, path);
        }
        finally
        {
            publisher.Flush(FlushTimeout);
        }
    }

    private async Task WaitUntilDueAsync(ReplaySchedule schedule, DateTimeOffset timestamp, CancellationToken cancellationToken)
    {
        while (true)
        {
            var pausedAt = timeProvider.GetTimestamp();
            if (await control.WaitWhilePausedAsync(cancellationToken))
            {
                schedule.Shift(timeProvider.GetElapsedTime(pausedAt));
            }

            var wait = schedule.DueIn(timestamp);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }
            await Task.Delay(wait < MaxNap ? wait : MaxNap, timeProvider, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Replaying {Path} at speed-up {SpeedUp}")]
    private static partial void LogStarting(ILogger logger, string path, string speedUp);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning,
        Message = "Skipped {Path} line {LineNumber}: {Problem} ({Rejected} rows skipped so far)")]
    private static partial void LogRejectedRow(ILogger logger, string path, int lineNumber, string problem, long rejected);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information,
        Message = "Replay of {Path} complete: {Replayed} readings sent, {Rejected} rows skipped")]
    private static partial void LogCompleted(ILogger logger, string path, long replayed, long rejected);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Replay of {Path} stopped: the file could not be read")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string path);
}
