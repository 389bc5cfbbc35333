using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Services;

/// <summary>Trains once at start (<c>Trainer:TrainOnStart</c>) and then every <c>Trainer:RetrainInterval</c> (0 = never).</summary>
internal sealed partial class TrainingScheduler(
    TrainingCoordinator coordinator,
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

            var interval = options.Value.RetrainInterval;
            if (interval == TimeSpan.Zero)
            {
                return;
            }

            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunAsync("schedule", stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
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
