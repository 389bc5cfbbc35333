using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;

namespace KappaAspire.Pipeline.Model;

/// <summary>One replayed reading as training sees it: its features (from the past only), its power, and its truth if known.</summary>
/// <param name="SensorId">Sensor the reading came from.</param>
/// <param name="Timestamp">Reading time; splits are time-ordered on it.</param>
/// <param name="Features">The output of <see cref="FeatureExtractor.Extract(SensorStateStore, SensorReading)"/> for the reading.</param>
/// <param name="Power">The reading's measured power: the regression target.</param>
/// <param name="Truth">Ground truth from the <see cref="PipelineHeaders.Truth"/> header; null when the log has none.</param>
public sealed record LabeledExample(string SensorId, DateTimeOffset Timestamp, FeatureVector Features, double Power, GroundTruth? Truth)
{
    /// <summary>Extracts features for a reading (advancing the store) and pairs them with its truth.</summary>
    public static LabeledExample From(SensorStateStore store, SensorReading reading, GroundTruth? truth) =>
        new(reading.SensorId, reading.Timestamp, FeatureExtractor.Extract(store, reading), reading.Power, truth);
}
