using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Storage;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker;

/// <summary>Drives time in the broker: group session expiry and rebalance deadlines, and log retention.</summary>
internal sealed class BrokerMaintenanceService(GroupCoordinator groups, LogManager logs, IOptions<BrokerOptions> options, ILogger<BrokerMaintenanceService> logger)
    : BackgroundService
{
    private static readonly TimeSpan GroupTick = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retentionEvery = TimeSpan.FromMilliseconds(Math.Max(100, options.Value.RetentionCheckIntervalMs));
        var nextRetention = DateTime.UtcNow + retentionEvery;
        using var timer = new PeriodicTimer(GroupTick);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                groups.Tick();
                if (DateTime.UtcNow >= nextRetention)
                {
                    nextRetention = DateTime.UtcNow + retentionEvery;
                    var deleted = logs.ApplyRetention(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    if (deleted > 0) logger.LogInformation("Retention deleted {Segments} segments", deleted);
                }
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Broker maintenance failed; retrying on the next tick");
            }
        }
    }
}
