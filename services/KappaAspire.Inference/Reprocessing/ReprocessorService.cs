using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.ServiceDefaults.Kafka;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Reprocessing;

/// <summary>
/// The reprocessor: follows the control log and keeps one <see cref="RunHost"/> per active run (requested, running or
/// current: a current run keeps scoring live readings, it is the output), stopping a run's host once it is retired.
/// Several reprocessor replicas share each run's consumer group, so a run's partitions are split among them.
/// </summary>
internal sealed partial class ReprocessorService(
    IConfiguration configuration,
    IHostEnvironment environment,
    IOptions<ReprocessorOptions> options,
    ILogger<ReprocessorService> logger) : BackgroundService
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(500);
    private readonly ReprocessorOptions _options = options.Value;
    private readonly Dictionary<string, RunHost> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<RunHost> _snapshot = [];

    /// <summary>The runs this process scores now.</summary>
    public IReadOnlyList<RunHost> Hosts => _snapshot;

    /// <summary>Whether the control log is being followed.</summary>
    public bool IsFollowing { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runs = new ReprocessingRuns();
        using var follower = new ControlLogFollower(KafkaConnection.Apply(configuration, new ClientConfig()), _options.ControlTopic, $"reprocessor-control-{Environment.MachineName}", value => runs.Apply(value), logger);
        IsFollowing = true;
        LogFollowing(logger, _options.ControlTopic);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Consume blocks: off the caller's thread.
                await Task.Run(() => follower.Poll(PollTimeout), stoppingToken).ConfigureAwait(false);
                await ReconcileAsync(runs, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            IsFollowing = false;
            foreach (var model in _hosts.Keys.ToList())
            {
                await StopAsync(model, "the reprocessor stops").ConfigureAwait(false);
            }
        }
    }

    private async Task ReconcileAsync(ReprocessingRuns runs, CancellationToken cancellationToken)
    {
        var active = runs.All.Where(r => r.IsActive).ToDictionary(r => r.Model, StringComparer.Ordinal);
        foreach (var (model, host) in _hosts.ToList())
        {
            if (!active.ContainsKey(model))
            {
                await StopAsync(model, "the run was retired").ConfigureAwait(false);
            }
            else if (host.HasStopped)
            {
                LogStoppedOnItsOwn(logger, model, _options.RestartDelay);
                await StopAsync(model, "its scoring stopped").ConfigureAwait(false);
                _notBefore[model] = DateTimeOffset.UtcNow + _options.RestartDelay;
            }
        }

        foreach (var run in active.Values.Where(r => !_hosts.ContainsKey(r.Model)))
        {
            if (_notBefore.TryGetValue(run.Model, out var notBefore) && DateTimeOffset.UtcNow < notBefore)
            {
                continue;
            }

            try
            {
                _hosts[run.Model] = await RunHost.StartAsync(run, configuration, environment, cancellationToken).ConfigureAwait(false);
                _notBefore.Remove(run.Model);
                LogStarted(logger, run.Model, run.OutputTopic, run.ConsumerGroup, run.State);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogStartFailed(logger, run.Model, ex.Message, _options.RestartDelay);
                _notBefore[run.Model] = DateTimeOffset.UtcNow + _options.RestartDelay;
            }
        }

        _snapshot = [.. _hosts.Values];
    }

    private async Task StopAsync(string model, string reason)
    {
        if (!_hosts.Remove(model, out var host))
        {
            return;
        }

        _snapshot = [.. _hosts.Values];
        try
        {
            await host.StopAsync(_options.StopTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or AggregateException)
        {
            LogStopTimedOut(logger, model, _options.StopTimeout);
        }
        finally
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }

        LogStopped(logger, model, reason);
    }

    [LoggerMessage(EventId = 62, Level = LogLevel.Information, Message = "Following the reprocessing runs on {Topic}")]
    private static partial void LogFollowing(ILogger logger, string topic);

    [LoggerMessage(EventId = 63, Level = LogLevel.Information, Message = "Scoring the run of {Model} into {Topic} (group {Group}, {State})")]
    private static partial void LogStarted(ILogger logger, string model, string topic, string group, ReprocessingState state);

    [LoggerMessage(EventId = 64, Level = LogLevel.Error, Message = "Could not start the run of {Model}: {Problem}; trying again in {Delay}")]
    private static partial void LogStartFailed(ILogger logger, string model, string problem, TimeSpan delay);

    [LoggerMessage(EventId = 65, Level = LogLevel.Warning, Message = "The scoring of the run of {Model} stopped on its own; starting it again in {Delay}")]
    private static partial void LogStoppedOnItsOwn(ILogger logger, string model, TimeSpan delay);

    [LoggerMessage(EventId = 66, Level = LogLevel.Information, Message = "Stopped the run of {Model}: {Reason}")]
    private static partial void LogStopped(ILogger logger, string model, string reason);

    [LoggerMessage(EventId = 67, Level = LogLevel.Warning, Message = "The run of {Model} did not stop within {Timeout}; its uncommitted readings are scored again on restart")]
    private static partial void LogStopTimedOut(ILogger logger, string model, TimeSpan timeout);
}
