using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.ServiceDefaults.Kafka;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Services;

/// <summary>
/// Live inference's side of a Kappa cut-over. While a reprocessing run is the current output, that run scores the live
/// readings into its own topic, so live inference stands by: it writes nothing to its predictions topic but keeps its
/// group membership and its position. When the current run is retired (the rollback), live inference takes the output
/// back and first scores every reading that arrived meanwhile, so its topic has no gap. Follows the control log as the
/// viewer and the reprocessor do. A pinned model (a reprocessing run's own scoring) never stands by: it is the run.
/// </summary>
internal sealed partial class OutputHandover(
    IConfiguration configuration,
    IOptions<InferenceOptions> options,
    ILogger<OutputHandover> logger) : BackgroundService
{
    private readonly InferenceOptions _options = options.Value;
    private volatile ReprocessingRun? _current;

    /// <summary>The run that is the current output while live inference stands by; null while live inference is.</summary>
    public ReprocessingRun? StandingByFor => _current;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Model is not null)
        {
            return;
        }

        var runs = new ReprocessingRuns();
        using var follower = new ControlLogFollower(KafkaConnection.Apply(configuration, new ClientConfig()), _options.ControlTopic,
            $"inference-control-{Environment.MachineName}", value => runs.Apply(value), logger);
        await follower.FollowAsync(() =>
        {
            var current = runs.Current;
            if (current?.Model != _current?.Model)
            {
                LogHandover(logger, _current?.OutputTopic ?? _options.PredictionsTopic, current?.OutputTopic ?? _options.PredictionsTopic);
                _current = current;
            }
        }, stoppingToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Information, Message = "The current output moved from {From} to {To} (control log)")]
    private static partial void LogHandover(ILogger logger, string from, string to);
}
