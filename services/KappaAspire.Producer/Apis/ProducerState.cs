using KappaAspire.Producer.Services;
using Microsoft.Extensions.Options;

namespace KappaAspire.Producer.Apis;

/// <summary>What the endpoints read and change, gathered so each handler takes one parameter.</summary>
public sealed class ProducerState(
    IOptions<ProducerOptions> options,
    ProducerControl control,
    ProducerMetrics metrics,
    AnomalyInjector injector,
    ReplayProgress replay)
{
    private const int MaxListedSensors = 1000;

    public ProducerOptions Options => options.Value;

    public ProducerControl Control => control;

    public AnomalyInjector Injector => injector;

    public ProducerStatus Status()
    {
        var simulate = Options.Mode == ProducerMode.Simulate;
        return new ProducerStatus(
            simulate ? "simulate" : "replay",
            control.IsPaused,
            simulate ? control.ReadingsPerSecond : null,
            control.MaxRate,
            Math.Round(metrics.MeasuredRate, 1),
            metrics.Produced,
            metrics.AcknowledgedCount,
            metrics.FailedCount,
            metrics.InFlight,
            metrics.AnomaliesByKind(),
            injector.SensorCount,
            injector.SensorIds(MaxListedSensors),
            simulate ? null : new ReplayStatus(
                Options.CsvPath!, Options.SpeedUp, replay.LinesRead, metrics.RejectedRows, replay.LastRejection, replay.Completed, replay.Failure));
    }
}
