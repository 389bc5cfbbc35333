using System.Text.Json;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Registry;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Reprocessing;

/// <summary>
/// The control plane of Kappa reprocessing runs. The trainer is the only writer of the control log: every decision
/// (request, running, cut-over, retirement, topic deleted) is appended there first and folded into memory only once Kafka
/// acknowledged it, so a restart reads the same state back. Decisions are serialized by one gate.
/// </summary>
internal sealed partial class ReprocessingControl(
    ReprocessingKafka kafka,
    ModelRegistry registry,
    TimeProvider time,
    IOptions<TrainerOptions> options,
    ILogger<ReprocessingControl> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ReprocessingRuns _runs = new();
    private readonly Dictionary<string, RunProgress> _progress = new(StringComparer.Ordinal);
    private readonly TrainerOptions _options = options.Value;

    /// <summary>Reads the control log back (creating it if the cluster lacks it). Requests wait for this.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await kafka.EnsureControlTopicAsync(_options.Topic).ConfigureAwait(false);
        var values = kafka.ReadControlLog(cancellationToken);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var value in values)
            {
                try
                {
                    _runs.Apply(value);
                }
                catch (JsonException ex)
                {
                    // Left in the log for a person to see; one bad record must not lose every run after it.
                    LogBadRecord(logger, _options.Reprocessing.ControlTopic, ex.Message);
                }
            }
        }
        finally
        {
            _gate.Release();
        }

        _loaded.TrySetResult();
        LogLoaded(logger, values.Count, _runs.All.Count(r => r.IsActive), _runs.CurrentTopic);
    }

    /// <summary>
    /// Starts a run of <paramref name="model"/>: its output topic is created with the source's partitions, then the run
    /// is recorded; a reprocessor following the control log picks it up.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such model.</exception>
    /// <exception cref="InvalidModelPackageException">The model cannot be served (corrupt, other feature schema).</exception>
    /// <exception cref="ReprocessingConflictException">The model already has a run.</exception>
    public async Task<ReprocessingRun> StartAsync(string model, CancellationToken cancellationToken)
    {
        _ = registry.Find(model) ?? throw new KeyNotFoundException($"Model {model} is not in the registry (GET /models lists the versions).");
        var records = await DecideAsync(async () =>
        {
            if (_runs.Find(model) is { } existing)
            {
                throw new ReprocessingConflictException(existing.IsActive
                    ? $"Model {model} already has a run ({existing.State.ToString().ToLowerInvariant()}) into {existing.OutputTopic}."
                    : $"Model {model} had a run, retired at {existing.RetiredAt:O}; a model is reprocessed once.", existing);
            }

            var run = ReprocessingRun.Request(model, time.GetUtcNow());
            var (partitions, replicationFactor) = kafka.Describe(_options.Topic);
            await kafka.CreateTopicAsync(run.OutputTopic, partitions.Count, replicationFactor).ConfigureAwait(false);
            LogRequested(logger, model, run.OutputTopic, partitions.Count, run.ConsumerGroup);
            return [run];
        }, cancellationToken).ConfigureAwait(false);
        return records[0];
    }

    /// <summary>Makes <paramref name="model"/>'s run the current output and retires the one it replaces.</summary>
    /// <exception cref="KeyNotFoundException">The model has no run.</exception>
    /// <exception cref="ReprocessingConflictException">The run is retired, already current, or not caught up.</exception>
    public async Task<ReprocessingRun> CutOverAsync(string model, CancellationToken cancellationToken) =>
        (await DecideAsync(() =>
        {
            var run = _runs.Find(model) ?? throw new KeyNotFoundException($"Model {model} has no reprocessing run (POST /reprocessing starts one).");
            if (run.State is ReprocessingState.Current or ReprocessingState.Retired)
            {
                throw new ReprocessingConflictException($"The run of {model} is {run.State.ToString().ToLowerInvariant()}; only a caught-up requested or running run can be cut over to.", run);
            }

            if (_progress.GetValueOrDefault(model) is not { CaughtUp: true } progress)
            {
                var lag = _progress.GetValueOrDefault(model)?.TotalLag;
                throw new ReprocessingConflictException($"The run of {model} has not caught up yet (lag {(lag is null ? "not sampled yet" : $"{lag} readings")}); cut over once GET /reprocessing shows caughtUp.", run);
            }

            var now = time.GetUtcNow();
            var previous = _runs.Current;
            var current = ReprocessingRuns.CutOver(run, now);
            LogCutOver(logger, model, current.OutputTopic, previous?.Model ?? "live inference", progress.TotalLag);
            // The current record alone is the switch (the fold retires the previous current); the retirement record after
            // it keeps each key's last record truthful for a compacted log.
            return Task.FromResult<IReadOnlyList<ReprocessingRun>>(previous is null ? [current] : [current, ReprocessingRuns.Retire(previous, now)]);
        }, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>
    /// Stops <paramref name="model"/>'s run: its reprocessor stops and its topic goes after the grace period. Retiring the
    /// current run hands the output back to live inference's topic.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The model has no run.</exception>
    /// <exception cref="ReprocessingConflictException">The run is already retired.</exception>
    public async Task<ReprocessingRun> RetireAsync(string model, CancellationToken cancellationToken) =>
        (await DecideAsync(() =>
        {
            var run = _runs.Find(model) ?? throw new KeyNotFoundException($"Model {model} has no reprocessing run.");
            if (!run.IsActive)
            {
                throw new ReprocessingConflictException($"The run of {model} was already retired at {run.RetiredAt:O}.", run);
            }

            LogRetired(logger, model, run.OutputTopic, _options.Reprocessing.RetiredTopicGracePeriod);
            return Task.FromResult<IReadOnlyList<ReprocessingRun>>([ReprocessingRuns.Retire(run, time.GetUtcNow())]);
        }, cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Every run with its last progress sample, and where readers take predictions from.</summary>
    public async Task<ReprocessingOverview> OverviewAsync(CancellationToken cancellationToken)
    {
        await _loaded.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return new ReprocessingOverview(_runs.CurrentTopic, _runs.Current?.Model,
                [.. _runs.All.Select(r => ReprocessingRunStatus.From(r, r.IsActive ? _progress.GetValueOrDefault(r.Model) : null))]);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The runs as they stand, for the progress monitor.</summary>
    public async Task<IReadOnlyList<ReprocessingRun>> RunsAsync(CancellationToken cancellationToken)
    {
        await _loaded.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _runs.All;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Keeps a run's latest progress; the first commit of a requested run marks it running.</summary>
    public Task RecordProgressAsync(string model, RunProgress progress, CancellationToken cancellationToken) =>
        DecideAsync(() =>
        {
            _progress[model] = progress;
            return Task.FromResult<IReadOnlyList<ReprocessingRun>>(
                _runs.Find(model) is { State: ReprocessingState.Requested } run && progress.Partitions.Any(p => p.Committed is not null)
                    ? [run with { State = ReprocessingState.Running, UpdatedAt = time.GetUtcNow() }]
                    : []);
        }, cancellationToken);

    /// <summary>Records that a retired run's topic was deleted.</summary>
    public Task TopicDeletedAsync(string model, CancellationToken cancellationToken) =>
        DecideAsync(() =>
        {
            _progress.Remove(model);
            return Task.FromResult<IReadOnlyList<ReprocessingRun>>(
                _runs.Find(model) is { State: ReprocessingState.Retired, TopicDeletedAt: null } run
                    ? [run with { TopicDeletedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow() }]
                    : []);
        }, cancellationToken);

    // Under the gate: decide, append each record (acknowledged), then fold it in. A failed append changes nothing in memory.
    private async Task<IReadOnlyList<ReprocessingRun>> DecideAsync(Func<Task<IReadOnlyList<ReprocessingRun>>> decide, CancellationToken cancellationToken)
    {
        await _loaded.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var records = await decide().ConfigureAwait(false);
            foreach (var record in records)
            {
                await kafka.AppendAsync(record, cancellationToken).ConfigureAwait(false);
                _runs.Apply(record);
            }

            return records;
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "Reprocessing control log read: {Records} records, {Active} active runs, current output {CurrentTopic}")]
    private static partial void LogLoaded(ILogger logger, int records, int active, string currentTopic);

    [LoggerMessage(EventId = 71, Level = LogLevel.Warning, Message = "Skipped a record of {Topic} that is not a reprocessing run: {Problem}")]
    private static partial void LogBadRecord(ILogger logger, string topic, string problem);

    [LoggerMessage(EventId = 72, Level = LogLevel.Information, Message = "Reprocessing with {Model} requested: {Partitions} partitions into {Topic}, group {Group}")]
    private static partial void LogRequested(ILogger logger, string model, string topic, int partitions, string group);

    [LoggerMessage(EventId = 73, Level = LogLevel.Information, Message = "Cut over to {Model} ({Topic}, lag {Lag}); replaces {Previous}")]
    private static partial void LogCutOver(ILogger logger, string model, string topic, string previous, long lag);

    [LoggerMessage(EventId = 74, Level = LogLevel.Information, Message = "Run of {Model} retired; {Topic} is deleted after {Grace}")]
    private static partial void LogRetired(ILogger logger, string model, string topic, TimeSpan grace);
}
