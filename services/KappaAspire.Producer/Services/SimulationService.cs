using KappaAspire.Pipeline.Simulation;
using Microsoft.Extensions.Options;

namespace KappaAspire.Producer.Services;

/// <summary>
/// Simulate mode: a fleet of <see cref="SensorSimulator"/> sensors sending at <see cref="ProducerControl.ReadingsPerSecond"/>
/// in real time. Each reading is stamped with the wall clock (UTC) when it is sent; the simulator's anomalies and
/// <see cref="AnomalyInjector"/>'s requested ones travel as ground truth.
/// </summary>
public sealed partial class SimulationService(
    ReadingPublisher publisher,
    AnomalyInjector injector,
    ProducerControl control,
    IOptions<ProducerOptions> options,
    TimeProvider timeProvider,
    ILogger<SimulationService> logger) : BackgroundService
{
    // 200 ticks a second: smooth enough for a consumer's eye, cheap enough to idle at low rates.
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Burst = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(10);

    // Within a large batch, look at the pause switch this often.
    private const int PauseCheckEvery = 256;

    private DateTimeOffset _lastTimestamp;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var simulator = new SensorSimulator(new SensorSimulatorOptions
        {
            Seed = settings.Seed,
            Profile = settings.Profile,
            SensorCount = settings.Sensors,
            SensorIdPrefix = settings.SensorIdPrefix,
            AnomalyRate = settings.AnomalyRate,
            // Simulated time starts now and, at the configured rate, keeps pace with the wall clock, so the daily
            // temperature cycle matches the timestamps the readings carry.
            Start = timeProvider.GetUtcNow(),
            Interval = TimeSpan.FromSeconds(settings.Sensors / settings.ReadingsPerSecond),
        });
        injector.RegisterSensors(simulator.SensorIds);
        LogStarting(logger, settings.Sensors, control.ReadingsPerSecond, settings.AnomalyRate);

        var bucket = new TokenBucket(Burst);
        using var timer = new PeriodicTimer(Tick, timeProvider);
        var last = timeProvider.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (await control.WaitWhilePausedAsync(stoppingToken))
                {
                    bucket.Reset();
                    last = timeProvider.GetTimestamp();
                    continue;
                }

                var now = timeProvider.GetTimestamp();
                var due = bucket.Take(control.ReadingsPerSecond, timeProvider.GetElapsedTime(last, now));
                last = now;
                for (var i = 0; i < due; i++)
                {
                    if (i % PauseCheckEvery == PauseCheckEvery - 1 && control.IsPaused)
                    {
                        break;
                    }

                    var labeled = injector.Apply(simulator.Next());
                    var reading = labeled.Reading with { Timestamp = NextTimestamp() };
                    await publisher.PublishAsync(labeled with { Reading = reading }, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            publisher.Flush(FlushTimeout);
        }
    }

    // Wall clock at send, never going back (a clock step would otherwise reorder a sensor's readings in time).
    private DateTimeOffset NextTimestamp()
    {
        var now = timeProvider.GetUtcNow();
        if (now <= _lastTimestamp)
        {
            now = _lastTimestamp.AddTicks(1);
        }
        _lastTimestamp = now;
        return now;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information,
        Message = "Simulating {Sensors} sensors at {ReadingsPerSecond} readings/s with anomaly rate {AnomalyRate}")]
    private static partial void LogStarting(ILogger logger, int sensors, double readingsPerSecond, double anomalyRate);
}
