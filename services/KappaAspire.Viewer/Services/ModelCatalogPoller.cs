using System.Text.Json;
using Microsoft.Extensions.Options;

namespace KappaAspire.Viewer.Services;

/// <summary>
/// Asks the trainer for its models every <see cref="ViewerOptions.TrainerPollInterval"/>. The trainer is optional:
/// when it is absent or failing the page shows the model as unknown and everything else keeps working.
/// </summary>
internal sealed partial class ModelCatalogPoller(
    TrainerClient trainer,
    ModelCatalog catalog,
    IOptions<ViewerOptions> options,
    TimeProvider time,
    ILogger<ModelCatalogPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TrainerPollInterval, time);
        var wasAvailable = true; // log the first failure, then only changes
        do
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            attempt.CancelAfter(options.Value.TrainerTimeout);
            try
            {
                var list = await trainer.GetModelsAsync(attempt.Token);
                catalog.SetAvailable(list, time.GetUtcNow());
                if (!wasAvailable)
                {
                    LogAvailable(logger, list.Promoted ?? "none");
                }
                wasAvailable = true;
            }
            // Any failure (unreachable, resilience timeouts and open circuits, a bad body) means "unknown", never a crash.
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                catalog.SetUnavailable(Describe(ex), time.GetUtcNow());
                if (wasAvailable)
                {
                    LogUnavailable(logger, options.Value.TrainerUrl, Describe(ex));
                }
                wasAvailable = false;
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        OperationCanceledException => "the trainer did not answer in time",
        HttpRequestException { StatusCode: { } status } => $"the trainer answered {(int)status} {status}",
        HttpRequestException => $"the trainer is unreachable ({ex.Message})",
        JsonException or InvalidDataException or NotSupportedException => $"the trainer's answer is not a model list ({ex.Message})",
        _ => $"the trainer is unavailable ({ex.GetType().Name}: {ex.Message})",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Model catalog available again; promoted model {Promoted}")]
    private static partial void LogAvailable(ILogger logger, string promoted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model catalog unavailable from {TrainerUrl}: {Reason}; the page shows the model as unknown")]
    private static partial void LogUnavailable(ILogger logger, string? trainerUrl, string reason);
}
