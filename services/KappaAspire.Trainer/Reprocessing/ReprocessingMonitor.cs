using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Reprocessing;

/// <summary>
/// Reads the control log back on start, then every <c>ProgressInterval</c> samples each active run's progress (its group's
/// committed offsets against the source's watermarks) and deletes retired runs' topics and consumer groups once their
/// grace period is over.
/// </summary>
internal sealed partial class ReprocessingMonitor(
    ReprocessingControl control,
    ReprocessingKafka kafka,
    ReprocessingMetrics metrics,
    TimeProvider time,
    IOptions<TrainerOptions> options,
    ILogger<ReprocessingMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan LoadRetryDelay = TimeSpan.FromSeconds(5);
    private readonly TrainerOptions _options = options.Value;
    private readonly Dictionary<string, ProgressSample> _samples = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // The Kafka calls below block; start-up must not wait for them.
        while (true)
        {
            try
            {
                await control.LoadAsync(stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogLoadFailed(logger, ex.Message, LoadRetryDelay);
                await Task.Delay(LoadRetryDelay, stoppingToken).ConfigureAwait(false);
            }
        }

        using var timer = new PeriodicTimer(_options.Reprocessing.ProgressInterval, time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSampleFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var runs = await control.RunsAsync(cancellationToken).ConfigureAwait(false);
        var active = runs.Where(r => r.IsActive).ToList();
        if (active.Count > 0)
        {
            var source = _options.Topic;
            var partitions = kafka.Describe(source).Partitions;
            var watermarks = kafka.Watermarks(source, partitions);
            var now = time.GetUtcNow();
            foreach (var run in active)
            {
                var committed = await kafka.CommittedAsync(run.ConsumerGroup, source, partitions).ConfigureAwait(false);
                var (progress, sample) = RunProgress.Compute(committed, watermarks, _samples.GetValueOrDefault(run.Model), now, _options.Reprocessing.CaughtUpWindow);
                _samples[run.Model] = sample;
                metrics.Record(run.Model, progress);
                await control.RecordProgressAsync(run.Model, progress, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var run in runs.Where(r => !r.IsActive))
        {
            _samples.Remove(run.Model);
            metrics.Forget(run.Model);
            if (run.TopicDeletedAt is null && run.RetiredAt is { } retiredAt && time.GetUtcNow() - retiredAt >= _options.Reprocessing.RetiredTopicGracePeriod)
            {
                // The group first: while the retired run's process is still stopping it has members, and the next pass retries.
                if (!await kafka.DeleteGroupAsync(run.ConsumerGroup).ConfigureAwait(false)) continue;
                await kafka.DeleteTopicAsync(run.OutputTopic).ConfigureAwait(false);
                await control.TopicDeletedAsync(run.Model, cancellationToken).ConfigureAwait(false);
                LogTopicDeleted(logger, run.OutputTopic, run.Model, retiredAt);
            }
        }
    }

    [LoggerMessage(EventId = 75, Level = LogLevel.Warning, Message = "Could not read the reprocessing control log ({Problem}); retrying in {Delay}")]
    private static partial void LogLoadFailed(ILogger logger, string problem, TimeSpan delay);

    [LoggerMessage(EventId = 76, Level = LogLevel.Warning, Message = "Reprocessing progress not sampled: {Problem}")]
    private static partial void LogSampleFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 77, Level = LogLevel.Information, Message = "Deleted {Topic} and the consumer group of the run of {Model} retired at {RetiredAt:O}")]
    private static partial void LogTopicDeleted(ILogger logger, string topic, string model, DateTimeOffset retiredAt);
}
