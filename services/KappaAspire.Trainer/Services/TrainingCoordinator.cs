using System.Diagnostics;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Registry;
using KappaAspire.Trainer.Telemetry;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Services;

/// <summary>
/// Runs training, one run at a time: replay the log up to the start watermarks, train, evaluate the serving model on the
/// candidate's holdout, store the candidate as the next version and promote it if the policy says it is not worse.
/// Startup, the schedule, the growth watcher and <c>POST /train</c> all come through <see cref="TryStart"/>; while a run is
/// in progress a second request gets that run back instead of a new one.
/// </summary>
internal sealed partial class TrainingCoordinator : IAsyncDisposable
{
    private readonly LogReplayer _replayer;
    private readonly ModelRegistry _registry;
    private readonly TrainerOptions _options;
    private readonly PromotionPolicy _policy;
    private readonly TrainerTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger<TrainingCoordinator> _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _gate = new();
    private TrainingRun? _current;
    private Task _currentTask = Task.CompletedTask;
    private TrainingRunStatus? _last;

    public TrainingCoordinator(
        LogReplayer replayer,
        ModelRegistry registry,
        IOptions<TrainerOptions> options,
        TrainerTelemetry telemetry,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<TrainingCoordinator> logger)
    {
        _replayer = replayer;
        _registry = registry;
        _options = options.Value;
        _policy = new PromotionPolicy(_options.Promotion.F1Tolerance, _options.Promotion.MaeRelativeTolerance);
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
        lifetime.ApplicationStopping.Register(_shutdown.Cancel);
    }

    public TrainingOverview Overview()
    {
        lock (_gate)
        {
            return new TrainingOverview(_current?.Status, _last);
        }
    }

    /// <summary>Starts a run unless one is in progress; <paramref name="run"/> is the new run, or the one in progress.</summary>
    /// <param name="trigger">One of <see cref="TrainingTrigger"/>.</param>
    /// <param name="reason">Why it starts, as the run's status and log report it.</param>
    public bool TryStart(string trigger, string reason, out TrainingRun run)
    {
        lock (_gate)
        {
            if (_current is { } running)
            {
                run = running;
                return false;
            }

            ObjectDisposedException.ThrowIf(_shutdown.IsCancellationRequested, this);
            run = new TrainingRun(trigger, reason, _time.GetUtcNow());
            _current = run;
            var started = run;
            // Replay blocks on the consumer and training is CPU-bound: a thread of its own, not the pool.
            _currentTask = Task.Factory.StartNew(() => Execute(started), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        Task task;
        lock (_gate)
        {
            task = _currentTask;
        }

        await task.ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private void Execute(TrainingRun run)
    {
        var status = Train(run, _shutdown.Token);
        lock (_gate)
        {
            _last = status;
            _current = null;
        }

        run.Publish();
    }

    private TrainingRunStatus Train(TrainingRun run, CancellationToken cancellationToken)
    {
        using var activity = TrainerTelemetry.ActivitySource.StartActivity("training run", ActivityKind.Internal);
        activity?.SetTag("kappa.training.run_id", run.Id);
        activity?.SetTag("kappa.training.trigger", run.Status.Trigger);
        LogStarted(_logger, run.Id, run.Status.Trigger, run.Status.TriggerReason);
        var stopwatch = Stopwatch.StartNew();

        string outcome, message;
        try
        {
            (outcome, message) = TrainAndDecide(run, activity, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            (outcome, message) = (TrainingOutcome.Canceled, "canceled: the trainer is shutting down");
        }
        catch (Exception ex)
        {
            (outcome, message) = (TrainingOutcome.Failed, $"failed: {ex.Message}");
            activity?.AddException(ex);
            LogFailed(_logger, ex, run.Id);
        }

        activity?.SetTag("kappa.training.outcome", outcome);
        if (outcome == TrainingOutcome.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, message);
        }

        _telemetry.RunCompleted(run.Status.Trigger, outcome, stopwatch.Elapsed);
        var status = run.Complete(outcome, message, _time.GetUtcNow());
        LogCompleted(_logger, run.Id, outcome, stopwatch.Elapsed.TotalSeconds, message);
        return status;
    }

    private (string Outcome, string Message) TrainAndDecide(TrainingRun run, Activity? activity, CancellationToken cancellationToken)
    {
        var plan = _replayer.Plan();
        run.Update(s => s with { Replay = new ReplayStatistics(0, 0, 0, 0, 0, 0, 0, plan.Watermarks, []) });
        var replay = _replayer.Replay(plan, cancellationToken);
        _telemetry.Replayed(replay.Records, replay.ReadingsPerSecond);
        activity?.SetTag("kappa.training.records", replay.Records);
        activity?.SetTag("kappa.training.readings_per_second", Math.Round(replay.ReadingsPerSecond));
        run.Update(s => s with { Phase = TrainingPhase.Training, Replay = replay.ToStatistics() });

        if (replay.WarmReadings < _options.MinimumWarmReadings)
        {
            return (TrainingOutcome.NotEnoughData, NotEnoughData(replay.WarmReadings, replay.Records));
        }

        cancellationToken.ThrowIfCancellationRequested();
        TrainingResult result;
        try
        {
            result = DetectorTrainer.Train(replay.Examples, _options.Detector);
        }
        catch (ArgumentException ex) when (ex.ParamName == "examples")
        {
            return (TrainingOutcome.NotEnoughData, $"not enough data: {ex.Message}");
        }

        var split = result.Split;
        run.Update(s => s with
        {
            Phase = TrainingPhase.Evaluating,
            Training = new TrainingStatistics(split.Training.Count, split.Validation.Count, split.Holdout.Count, result.Duration.TotalSeconds, result.Detector.Parameters.Sensors.Count, result.Detector.Parameters.FalseAlarmBudget),
            Metrics = result.Metrics,
        });

        cancellationToken.ThrowIfCancellationRequested();
        var (servingVersion, servingMetrics, decision) = Decide(result);
        run.Update(s => s with { Phase = TrainingPhase.Storing, ServingVersion = servingVersion, ServingMetrics = servingMetrics, Decision = decision.Reason });

        var package = _registry.Store(result.Detector, _time.GetUtcNow(), replay.Ranges, decision);
        _telemetry.ModelTrained(package.Metadata);
        activity?.SetTag("kappa.model.version", package.Version);
        activity?.SetTag("kappa.model.alarm_rate", result.Metrics.AlarmRate);
        activity?.SetTag("kappa.model.f1", result.Metrics.F1);
        if (decision.Promote)
        {
            _registry.Promote(package.Version, decision.Reason);
        }

        run.Update(s => s with { Version = package.Version, Promoted = decision.Promote });
        return decision.Promote
            ? (TrainingOutcome.Promoted, $"model {package.Version} promoted ({result.Metrics}): {decision.Reason}")
            : (TrainingOutcome.Rejected, $"model {package.Version} stored but not promoted ({result.Metrics}): {decision.Reason}");
    }

    // The serving model is scored on the candidate's own holdout, so the policy compares two models on one period.
    private (string? Version, EvaluationMetrics? Metrics, PromotionDecision Decision) Decide(TrainingResult result)
    {
        if (_registry.Promoted is not { } serving)
        {
            return (null, null, _policy.ShouldPromote(result.Metrics, null));
        }

        try
        {
            var servingMetrics = DetectorEvaluator.Evaluate(AnomalyScorer.Load(serving), result.Split.Holdout);
            return (serving.Version, servingMetrics, _policy.ShouldPromote(result.Metrics, servingMetrics));
        }
        catch (InvalidModelPackageException ex)
        {
            // E.g. a model of an older feature schema: it cannot score today's features, so it cannot hold the candidate back.
            return (serving.Version, null, new PromotionDecision(true, $"serving model {serving.Version} cannot be evaluated: {ex.Message}"));
        }
    }

    private string NotEnoughData(long warm, long records) =>
        $"not enough data: {warm} warm readings in {records} records, at least {_options.MinimumWarmReadings} needed " +
        $"(each sensor needs {Pipeline.Features.FeatureSchema.WarmupWindow} readings of history first); no model trained";

    [LoggerMessage(Level = LogLevel.Information, Message = "Training run {RunId} started ({Trigger}): {TriggerReason}")]
    private static partial void LogStarted(ILogger logger, string runId, string trigger, string? triggerReason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Training run {RunId} {Outcome} in {Seconds:F1} s: {Message}")]
    private static partial void LogCompleted(ILogger logger, string runId, string outcome, double seconds, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Training run {RunId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string runId);
}
