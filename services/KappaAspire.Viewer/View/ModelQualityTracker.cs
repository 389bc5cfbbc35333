using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Model.Monitoring;

namespace KappaAspire.Viewer.View;

/// <summary>
/// A <see cref="LiveQualityMonitor"/> per model version seen in <c>iot_predictions</c>, so that while replicas switch
/// models the predictions of each count for their own model only. Keeps the few most recent versions.
/// </summary>
/// <remarks>Not thread-safe: <see cref="LiveView"/> calls it under its lock.</remarks>
internal sealed class ModelQualityTracker
{
    private const int MaxModels = 4;
    private const int NoisiestSensors = 5;

    private readonly Dictionary<string, LiveQualityMonitor> _monitors = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Add(Prediction prediction)
    {
        if (!_monitors.TryGetValue(prediction.ModelVersion, out var monitor))
        {
            if (_order.Count == MaxModels)
            {
                _monitors.Remove(_order.Dequeue());
            }

            // The reference comes from the trainer's catalog when the page is drawn: it may arrive after the first predictions.
            _monitors[prediction.ModelVersion] = monitor = new LiveQualityMonitor(reference: null);
            _order.Enqueue(prediction.ModelVersion);
        }

        monitor.Add(prediction);
    }

    /// <summary>The figures of <paramref name="version"/>; null before any of its predictions.</summary>
    public LiveQualityView? View(string? version, ScoreReference? reference)
    {
        if (version is null || !_monitors.TryGetValue(version, out var monitor))
        {
            return null;
        }

        var quality = monitor.Snapshot(reference);
        var recent = quality.Recent;
        var total = quality.Total;
        var noisiest = quality.AlarmRateBySensor
            .OrderByDescending(s => s.Value.Value).ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take(NoisiestSensors)
            .Select(s => new SensorAlarmRate(s.Key, s.Value))
            .ToArray();
        return new LiveQualityView(
            version, total.Examples, total.LabeledExamples, total.TruePositives, total.FalsePositives, total.FalseNegatives, total.TrueNegatives,
            recent.Precision, recent.Recall, Proportion.Of(recent.Alarms, recent.Examples),
            quality.Drift, quality.DriftReadings, quality.DriftMinimumReadings, quality.HasReference, noisiest);
    }
}
