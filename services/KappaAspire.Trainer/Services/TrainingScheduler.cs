using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Registry;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Services;

/// <summary>
/// Trains once at start (<c>Trainer:TrainOnStart</c>), retries every <c>Trainer:FirstModelRetryInterval</c> until a
/// first model is promoted, then trains every <c>Trainer:RetrainInterval</c> (0 = never). Growth-triggered runs
/// (<see cref="GrowthWatcher"/>) come on top and do not move this schedule.
/// </summary>
internal sealed partial class TrainingScheduler(
    TrainingCoordinator coordinator,
    ModelRegistry registry,
    IOptions<TrainerOptions> options,
    TimeProvider time,
    ILogger<TrainingScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (options.Value.TrainOnStart)
            {
                await RunAsync(TrainingTrigger.Startup, "Trainer:TrainOnStart", stoppingToken);
            }

            while (NextRun() is { } next)
            {
                await Task.Delay(next.Delay, time, stoppingToken);
                await RunAsync(next.Trigger, next.Reason, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The schedule's next run, sooner while no model has been promoted yet; null when nothing is scheduled.</summary>
    private (TimeSpan Delay, string Trigger, string Reason)? NextRun()
    {
        var interval = options.Value.RetrainInterval;
        var retry = options.Value.FirstModelRetryInterval;
        var waitingForFirstModel = options.Value.TrainOnStart && registry.PromotedVersion is null && retry > TimeSpan.Zero;
        if (waitingForFirstModel && (interval == TimeSpan.Zero || retry < interval))
        {
            return (retry, TrainingTrigger.FirstModel, $"no model promoted yet: retried every {retry} (Trainer:FirstModelRetryInterval)");
        }

        return interval == TimeSpan.Zero ? null : (interval, TrainingTrigger.Schedule, $"every {interval} (Trainer:RetrainInterval)");
    }

    private async Task RunAsync(string trigger, string reason, CancellationToken stoppingToken)
    {
        if (!coordinator.TryStart(trigger, reason, out var run))
        {
            LogSkipped(logger, trigger, run.Id);
        }

        // Wait either way, so the next tick never finds its own previous run still going.
        await run.Completion.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped the {Trigger} training: run {RunId} is still in progress")]
    private static partial void LogSkipped(ILogger logger, string trigger, string runId);
}
