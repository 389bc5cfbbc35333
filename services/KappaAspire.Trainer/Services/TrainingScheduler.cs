using KappaAspire.Trainer.Registry;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Services;

/// <summary>
/// Trains once at start (<c>Trainer:TrainOnStart</c>), retries every <c>Trainer:FirstModelRetryInterval</c> until a
/// first model is promoted, then trains every <c>Trainer:RetrainInterval</c> (0 = never).
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
                await RunAsync("startup", stoppingToken);
            }

            while (NextRun() is { } next)
            {
                await Task.Delay(next.Delay, time, stoppingToken);
                await RunAsync(next.Trigger, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The schedule's next run, sooner while no model has been promoted yet; null when nothing is scheduled.</summary>
    private (TimeSpan Delay, string Trigger)? NextRun()
    {
        var interval = options.Value.RetrainInterval;
        var retry = options.Value.FirstModelRetryInterval;
        var waitingForFirstModel = options.Value.TrainOnStart && registry.PromotedVersion is null && retry > TimeSpan.Zero;
        if (waitingForFirstModel && (interval == TimeSpan.Zero || retry < interval)) return (retry, "first-model");
        return interval == TimeSpan.Zero ? null : (interval, "schedule");
    }

    private async Task RunAsync(string trigger, CancellationToken stoppingToken)
    {
        if (!coordinator.TryStart(trigger, out var run))
        {
            LogSkipped(logger, trigger, run.Id);
        }

        // Wait either way, so the next tick never finds its own previous run still going.
        await run.Completion.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped the {Trigger} training: run {RunId} is still in progress")]
    private static partial void LogSkipped(ILogger logger, string trigger, string runId);
}
