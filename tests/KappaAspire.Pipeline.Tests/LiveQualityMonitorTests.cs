using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model.Monitoring;
using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Pipeline.Tests;

public sealed class LiveQualityMonitorTests(TrainedModelFixture trained)
{
    private const int LiveReadingsPerSensor = 1_000;

    /// <summary>
    /// The fixture's simulator run on past its training log (same sensors, same state), scored by its model as inference
    /// scores: the predictions a serving model makes on the stream it was trained for. <paramref name="meter"/> changes
    /// what the meters report from then on.
    /// </summary>
    private IEnumerable<Prediction> LivePredictions(Func<double, double>? meter = null)
    {
        var simulator = new SensorSimulator();
        var store = new SensorStateStore();
        var scorer = trained.Result.Detector.CreateScorer("v0001");
        var sensors = simulator.Options.SensorCount;
        var index = 0L;
        foreach (var (reading, truth) in simulator.Generate((long)sensors * (TrainedModelFixture.ReadingsPerSensor + LiveReadingsPerSensor)))
        {
            var live = index++ >= (long)sensors * TrainedModelFixture.ReadingsPerSensor;
            var power = live && meter is not null ? meter(reading.Power) : reading.Power;
            var features = FeatureExtractor.Extract(store, reading with { Power = power });
            if (!live)
            {
                continue;
            }

            var verdict = scorer.Score(features, power);
            yield return new Prediction(reading.SensorId, reading.Timestamp, 0, index, power, verdict.ExpectedPower, verdict.Score, verdict.IsAnomaly,
                scorer.Version, 0, truth?.ToLabel());
        }
    }

    [Fact]
    public void Its_counters_match_the_ground_truth_of_a_generated_stream()
    {
        var predictions = LivePredictions().ToList();
        var monitor = new LiveQualityMonitor(trained.Result.Detector.ScoreReference);

        foreach (var prediction in predictions)
        {
            monitor.Add(prediction);
        }

        // Counted here from the simulator's own labels, independently of the monitor and of EvaluationTally.
        var truth = predictions.Select(p => (Anomalous: p.AnomalyKind != "normal", p.IsAnomaly)).ToList();
        var total = monitor.Snapshot().Total;
        Assert.Equal(20 * LiveReadingsPerSensor, total.Examples);
        Assert.Equal(predictions.Count(p => p.IsAnomaly), total.Alarms);
        Assert.Equal(
            (truth.Count(t => t is (true, true)), truth.Count(t => t is (false, true)), truth.Count(t => t is (true, false)), truth.Count(t => t is (false, false))),
            (total.TruePositives, total.FalsePositives, total.FalseNegatives, total.TrueNegatives));
        Assert.True(total.TruePositives > 0 && total.TrueNegatives > 0, total.ToString());
        Assert.Equal(total.TruePositives, total.Precision!.Count);
        Assert.Equal(total.TruePositives + total.FalsePositives, total.Precision.Trials);
        Assert.Equal(total.TruePositives + total.FalseNegatives, total.Recall!.Trials);
    }

    [Fact]
    public void Only_readings_that_carry_ground_truth_count_for_precision_and_recall()
    {
        var monitor = new LiveQualityMonitor(reference: null, window: 100, minimumReadings: 10);

        monitor.Add("a", 9, alarm: true, GroundTruth.Anomaly(AnomalyKind.Spike));
        monitor.Add("a", 9, alarm: true, truth: null);
        monitor.Add("b", 1, alarm: false, truth: null);
        monitor.Add("b", 5, alarm: true, GroundTruth.Normal);

        var total = monitor.Snapshot().Total;
        Assert.Equal((4, 3, 2), (total.Examples, total.Alarms, total.LabeledExamples));
        Assert.Equal((1, 1, 0, 0), (total.TruePositives, total.FalsePositives, total.FalseNegatives, total.TrueNegatives));

        var unlabelled = new LiveQualityMonitor(reference: null, window: 100, minimumReadings: 10);
        unlabelled.Add("a", 9, alarm: true, truth: null);
        Assert.Null(unlabelled.Snapshot().Total.Precision);
        Assert.Null(unlabelled.Snapshot().Total.Recall);
        Assert.False(unlabelled.Snapshot().Total.HasGroundTruth);
    }

    [Fact]
    public void The_rolling_figures_count_the_last_nine_tenths_of_the_window_and_the_stretch_since()
    {
        // Window 1,000 in blocks of 100: after 2,550 readings the nine latest full blocks (1,600–2,499) and the 50 since.
        var monitor = new LiveQualityMonitor(reference: null, window: 1_000, minimumReadings: 100);
        for (var i = 0; i < 2_550; i++)
        {
            // Early readings are all anomalies the model misses; from 1,600 on it finds every one.
            var anomalous = i % 10 == 0;
            monitor.Add("s", anomalous ? 9 : 0, alarm: anomalous && i >= 1_600, anomalous ? GroundTruth.Anomaly(AnomalyKind.Spike) : GroundTruth.Normal);
        }

        var quality = monitor.Snapshot();
        Assert.Equal(950, quality.Recent.Examples);
        Assert.Equal(1.0, quality.Recent.Recall!.Value);
        Assert.Equal(95, quality.Recent.Recall.Trials);
        Assert.Equal((95, 255), (quality.Total.TruePositives, quality.Total.LabeledAnomalies));
    }

    [Fact]
    public void The_alarm_rate_is_kept_per_sensor()
    {
        var monitor = new LiveQualityMonitor(reference: null, window: 100, minimumReadings: 10, maxSensors: 2);
        for (var i = 0; i < 10; i++)
        {
            monitor.Add("quiet", 0, alarm: false, truth: null);
            monitor.Add("noisy", 5, alarm: i < 3, truth: null);
            monitor.Add("third", 5, alarm: true, truth: null); // over the limit of sensors: counted in the totals only
        }

        var bySensor = monitor.Snapshot().AlarmRateBySensor;
        Assert.Equal(["noisy", "quiet"], bySensor.Keys);
        Assert.Equal((3, 10), (bySensor["noisy"].Count, bySensor["noisy"].Trials));
        Assert.Equal(0, bySensor["quiet"].Value);
        Assert.Equal(30, monitor.Snapshot().Total.Examples);
    }

    [Fact]
    public void Drift_is_absent_below_the_minimum_of_readings_and_without_a_reference()
    {
        var reference = ScoreReference.From(Enumerable.Range(0, 100).Select(i => (double)i));
        var monitor = new LiveQualityMonitor(reference, window: 100, minimumReadings: 50);
        var without = new LiveQualityMonitor(reference: null, window: 100, minimumReadings: 50);
        for (var i = 0; i < 49; i++)
        {
            monitor.Add("s", i, alarm: false, truth: null);
            without.Add("s", i, alarm: false, truth: null);
        }

        Assert.Null(monitor.Snapshot().Drift);
        Assert.Equal((49, 50, true), (monitor.Snapshot().DriftReadings, monitor.Snapshot().DriftMinimumReadings, monitor.Snapshot().HasReference));

        monitor.Add("s", 49, alarm: false, truth: null);
        without.Add("s", 49, alarm: false, truth: null);

        Assert.NotNull(monitor.Snapshot().Drift);
        Assert.Null(without.Snapshot().Drift);
        Assert.False(without.Snapshot().HasReference);
    }

    [Fact]
    public void The_serving_models_own_stream_shows_no_drift_and_meters_that_change_their_resolution_do()
    {
        var steady = new LiveQualityMonitor(trained.Result.Detector.ScoreReference, window: 20 * LiveReadingsPerSensor);
        var coarse = new LiveQualityMonitor(trained.Result.Detector.ScoreReference, window: 20 * LiveReadingsPerSensor);

        foreach (var prediction in LivePredictions())
        {
            steady.Add(prediction);
        }

        // A firmware update: every meter now reports in steps of 50 W. (More noise would not do: the scores are relative
        // to the recent jitter as well as to the level, so a noisier meter is judged on its own terms.)
        foreach (var prediction in LivePredictions(meter: power => Math.Round(power / 50) * 50))
        {
            coarse.Add(prediction);
        }

        Assert.InRange(steady.Snapshot().Drift!.Value, 0, 0.1);
        Assert.True(coarse.Snapshot().Drift > 0.25, $"PSI {coarse.Snapshot().Drift}");
    }
}
