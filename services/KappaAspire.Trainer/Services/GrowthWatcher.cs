using Confluent.Kafka;
using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Registry;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Services;

/// <summary>
/// Every <c>Trainer:GrowthCheckInterval</c>, takes the log's watermarks and starts a <see cref="TrainingTrigger.Growth"/> run
/// when <see cref="RetrainTrigger"/> finds the log has outgrown the serving model's training window. Beside the schedule,
/// not instead of it: it neither moves the schedule's next run nor waits for it. Idle while a run is in progress or no model
/// is promoted (the start-up retries bring the first one).
/// </summary>
internal sealed partial class GrowthWatcher(
    TrainingCoordinator coordinator,
    ModelRegistry registry,
    LogReplayer replayer,
    IOptions<TrainerOptions> options,
    TimeProvider time,
    ILogger<GrowthWatcher> logger) : BackgroundService
{
    private readonly RetrainTrigger _trigger = RetrainTrigger.From(options.Value);
    private GrowthCheck? _last;

    /// <summary>The last comparison made, for <c>GET /training</c>; null before the first.</summary>
    public GrowthCheck? LastCheck => Volatile.Read(ref _last);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_trigger.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.GrowthCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Check();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Check()
    {
        if (registry.Promoted is not { } serving || coordinator.Overview() is not { Current: null } overview)
        {
            return;
        }

        ReplayPlan plan;
        try
        {
            plan = replayer.Plan();
        }
        catch (KafkaException ex)
        {
            LogCheckFailed(logger, ex.Error.Reason);
            return;
        }

        var lastRunRecords = overview.Last?.Replay?.Watermarks.Sum(w => w.High - w.Low) ?? 0;
        var check = _trigger.Decide(serving.Version, serving.Metadata.TrainingRanges, lastRunRecords, plan.Watermarks, time.GetUtcNow());
        Volatile.Write(ref _last, check);
        // A run started since the overview was taken wins; this check's growth is then its to train on.
        if (check.Retrain && coordinator.TryStart(TrainingTrigger.Growth, check.Reason, out _))
        {
            LogGrowth(logger, check.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retraining on growth: {Reason}")]
    private static partial void LogGrowth(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check the log's growth: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string reason);
}
