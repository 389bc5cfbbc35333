using KappaAspire.Inference.Models;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Model.Monitoring;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Monitoring;

/// <summary>
/// This replica's <see cref="LiveQualityMonitor"/> of the model in service: a new one, empty, for each model version, so
/// every figure belongs to exactly one model. Fed with acknowledged predictions (what reached <c>iot_predictions</c>);
/// read by the metric gauges and <c>/status</c>.
/// </summary>
/// <remarks>Written from the producer's delivery thread, read from others: one lock, uncontended on the hot path.</remarks>
internal sealed class ServingModelQuality(ServingModel serving, IOptions<InferenceOptions> options)
{
    private readonly Lock _gate = new();
    private readonly int _window = options.Value.MonitorWindow;
    private readonly int _minimumReadings = options.Value.DriftMinimumReadings;
    private LiveQualityMonitor? _monitor;
    private string? _version;

    /// <param name="model">The model that made the prediction.</param>
    /// <param name="sensorId">The reading's sensor.</param>
    /// <param name="score">The model's score.</param>
    /// <param name="alarm">Whether it flagged the reading.</param>
    /// <param name="truth">The reading's ground truth, when it carried one.</param>
    /// <param name="absoluteError">|actual − expected power|, W.</param>
    public void Add(LoadedModel model, string sensorId, double score, bool alarm, GroundTruth? truth, double absoluteError)
    {
        lock (_gate)
        {
            // A prediction of the model just replaced, acknowledged after the swap, belongs to no window any more.
            if (!ReferenceEquals(model, serving.Current))
            {
                return;
            }

            if (_version != model.Version)
            {
                _monitor = new LiveQualityMonitor(model.Metadata.ScoreReference, _window, _minimumReadings);
                _version = model.Version;
            }

            _monitor!.Add(sensorId, score, alarm, truth, absoluteError);
        }
    }

    /// <summary>The model in service's live figures; null before its first acknowledged prediction.</summary>
    public (string Version, LiveQuality Quality)? Snapshot()
    {
        lock (_gate)
        {
            return _monitor is { } monitor ? (_version!, monitor.Snapshot()) : null;
        }
    }
}
