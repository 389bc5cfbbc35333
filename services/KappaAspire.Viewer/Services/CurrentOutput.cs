using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.ServiceDefaults.Kafka;

namespace KappaAspire.Viewer.Services;

/// <summary>
/// The topic the page shows: <see cref="Topics.Predictions"/> until a reprocessing run is cut over, then that run's
/// topic. Follows the control log <see cref="Topics.Reprocessing"/> as the reprocessor does, so a cut-over reaches the
/// viewer without a restart and without asking the trainer (the log is the source of truth).
/// </summary>
internal sealed partial class CurrentOutput(IConfiguration configuration, ILogger<CurrentOutput> logger) : BackgroundService
{
    private volatile string _topic = Topics.Predictions;

    public string Topic => _topic;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var runs = new ReprocessingRuns();
        using var follower = new ControlLogFollower(KafkaConnection.Apply(configuration, new ClientConfig()), Topics.Reprocessing,
            $"viewer-control-{Environment.MachineName}", value => runs.Apply(value), logger);
        await follower.FollowAsync(() =>
        {
            if (runs.CurrentTopic != _topic)
            {
                LogSwitched(logger, _topic, runs.CurrentTopic);
                _topic = runs.CurrentTopic;
            }
        }, stoppingToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The current predictions moved from {From} to {To} (cut-over on the control log)")]
    private static partial void LogSwitched(ILogger logger, string from, string to);
}
