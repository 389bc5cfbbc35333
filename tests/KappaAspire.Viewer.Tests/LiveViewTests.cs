using KappaAspire.Pipeline.Catalog;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Model.Monitoring;
using KappaAspire.Viewer.Services;
using KappaAspire.Viewer.View;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KappaAspire.Viewer.Tests;

/// <summary>The in-memory view: what a delta carries, how it stays bounded, and the rates.</summary>
public sealed class LiveViewTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ManualTime _time = new();

    private readonly ModelCatalog _catalog = new(Options.Create(new ViewerOptions()));

    private LiveView NewView(int points = 4, int anomalies = 3, int sensors = 10) =>
        new(Options.Create(new ViewerOptions { PointsPerSensor = points, RecentAnomalies = anomalies, MaxSensors = sensors, RateWindow = TimeSpan.FromSeconds(2) }),
            _catalog, _time, NullLogger<LiveView>.Instance);

    private static Prediction At(string sensor, int minute, double power, bool anomaly = false, string? kind = null, string model = "v0001", double? score = null) =>
        new(sensor, Start.AddMinutes(minute), 0, minute, power, 100, score ?? (anomaly ? 8 : 1), anomaly, model, 1, kind);

    [Fact]
    public void The_live_quality_counts_verdicts_against_the_ground_truth_the_predictions_carry()
    {
        var view = NewView();
        view.Add(At("a", 0, 100, anomaly: true, kind: "spike"));  // TP
        view.Add(At("a", 1, 100, anomaly: true, kind: "normal")); // FP
        view.Add(At("b", 2, 100, anomaly: false, kind: "stuck")); // FN
        view.Add(At("b", 3, 100, anomaly: false, kind: "normal")); // TN
        view.Add(At("b", 4, 100, anomaly: true, kind: null));     // no truth: an alarm, not a verdict

        var quality = view.DeltaSince(0).Quality!;

        Assert.Equal("v0001", quality.ModelVersion);
        Assert.Equal((5L, 4), (quality.Predictions, quality.Labeled));
        Assert.Equal((1, 1, 1, 1), (quality.TruePositives, quality.FalsePositives, quality.FalseNegatives, quality.TrueNegatives));
        Assert.Equal((1, 2), (quality.Precision!.Count, quality.Precision.Trials));
        Assert.Equal((1, 2), (quality.Recall!.Count, quality.Recall.Trials));
        Assert.Equal((3, 5), (quality.AlarmRate!.Count, quality.AlarmRate.Trials));
        Assert.Equal(["a", "b"], quality.NoisiestSensors.Select(s => s.SensorId)); // 2 of 2, then 1 of 3
        Assert.Null(quality.Psi);
        Assert.False(quality.HasReference);
    }

    [Fact]
    public void Without_ground_truth_the_live_quality_has_no_precision_or_recall()
    {
        var view = NewView();
        view.Add(At("a", 0, 100, anomaly: true));
        view.Add(At("a", 1, 100));

        var quality = view.DeltaSince(0).Quality!;

        Assert.Equal(0, quality.Labeled);
        Assert.Null(quality.Precision);
        Assert.Null(quality.Recall);
        Assert.Equal(0.5, quality.AlarmRate!.Value);
    }

    [Fact]
    public void The_live_quality_is_the_promoted_models_with_its_drift_against_the_reference_from_the_catalog()
    {
        var view = NewView();
        var reference = ScoreReference.From(Enumerable.Range(0, 1_000).Select(i => i / 100.0))!;
        for (var i = 0; i < LiveQualityMonitor.DefaultMinimumReadings; i++)
        {
            view.Add(At("a", i, 100, kind: "normal", model: "v0001", score: 1));
            view.Add(At("a", i, 100, kind: "normal", model: "v0002", score: 9.995)); // all in the reference's top bin
        }

        Assert.Equal("v0002", view.DeltaSince(0).Quality!.ModelVersion); // no catalog yet: the latest prediction's model
        Assert.Null(view.DeltaSince(0).Quality!.Psi);

        // Only the version and its score reference matter here.
        _catalog.SetAvailable(new ModelList("v0001", [new ModelSummary("v0001", Start, IsPromoted: true, Metrics: null!, TrainingRanges: [],
            FeatureSchemaVersion: 1, Sha256: "", SizeBytes: 0, Decision: null, TrainingSettings: null, reference)]), Start);
        var quality = view.DeltaSince(0).Quality!;

        Assert.Equal("v0001", quality.ModelVersion);
        Assert.Equal(LiveQualityMonitor.DefaultMinimumReadings, quality.Predictions);
        Assert.True(quality.HasReference);
        Assert.Equal(reference.Psi(Enumerable.Repeat(1.0, 2_000)), quality.Psi);
        Assert.True(quality.Psi > 0.25, $"PSI {quality.Psi}"); // every score in one bin that held a tenth of the reference
    }

    [Fact]
    public void A_delta_carries_only_the_sensors_and_points_after_the_given_sequence()
    {
        var view = NewView();
        view.Add(At("a", 0, 100));
        view.Add(At("b", 0, 200));
        var seen = view.Sequence;
        view.Add(At("a", 1, 101));

        var delta = view.DeltaSince(seen);

        var a = Assert.Single(delta.Sensors);
        Assert.Equal("a", a.SensorId);
        Assert.False(a.Reset);
        Assert.Equal([101.0], a.Points.Select(p => p.Power));
        Assert.Equal(2, a.Predictions);
        Assert.Equal(seen + 1, delta.Sequence);
        Assert.Empty(view.DeltaSince(delta.Sequence).Sensors);
    }

    [Fact]
    public void A_client_that_missed_overwritten_points_gets_a_reset_with_the_points_kept()
    {
        var view = NewView(points: 4);
        view.Add(At("a", 0, 100));
        var seen = view.Sequence;
        for (var i = 1; i <= 6; i++)
        {
            view.Add(At("a", i, 100 + i));
        }

        var a = Assert.Single(view.DeltaSince(seen).Sensors);

        Assert.True(a.Reset);
        Assert.Equal([103.0, 104, 105, 106], a.Points.Select(p => p.Power));
    }

    [Fact]
    public void The_snapshot_is_the_delta_since_zero_with_every_sensor_as_a_reset()
    {
        var view = NewView();
        view.Add(At("b", 0, 1));
        view.Add(At("a", 0, 2));

        var snapshot = view.DeltaSince(0);

        Assert.Equal(["a", "b"], snapshot.Sensors.Select(s => s.SensorId));
        Assert.All(snapshot.Sensors, s => Assert.True(s.Reset));
        Assert.Equal(2, snapshot.Counters.TotalPredictions);
    }

    [Fact]
    public void The_anomaly_table_keeps_the_most_recent_newest_first()
    {
        var view = NewView(anomalies: 3);
        for (var i = 0; i < 5; i++)
        {
            view.Add(At("a", i, 900 + i, anomaly: true, kind: "spike"));
            view.Add(At("a", i, 100));
        }

        var rows = view.DeltaSince(0).Anomalies;

        Assert.Equal([904.0, 903, 902], rows.Select(r => r.Power));
        Assert.Equal(5, view.Counters().TotalAnomalies);
        Assert.Equal([904.0], view.DeltaSince(rows[1].Sequence).Anomalies.Select(r => r.Power));
    }

    [Fact]
    public void Points_carry_the_models_flag_and_the_ground_truth_separately()
    {
        var view = NewView();
        view.Add(At("a", 0, 900, anomaly: true, kind: "normal"));  // false alarm
        view.Add(At("a", 1, 100, anomaly: false, kind: "drift"));  // missed
        view.Add(At("a", 2, 100, anomaly: false, kind: null));     // truth unknown

        var points = view.DeltaSince(0).Sensors.Single().Points;

        Assert.Equal([(true, false), (false, true), (false, false)], points.Select(p => (p.IsAnomaly, p.IsTrueAnomaly)));
    }

    [Fact]
    public void Sensors_beyond_the_limit_are_counted_and_listed_but_get_no_chart()
    {
        var view = NewView(sensors: 2);
        view.Add(At("a", 0, 1));
        view.Add(At("b", 0, 1));
        view.Add(At("c", 0, 999, anomaly: true));

        var snapshot = view.DeltaSince(0);

        Assert.Equal(["a", "b"], snapshot.Sensors.Select(s => s.SensorId));
        Assert.Equal("c", Assert.Single(snapshot.Anomalies).SensorId);
        Assert.Equal(3, snapshot.Counters.TotalPredictions);
    }

    [Fact]
    public void Rates_are_per_second_over_the_sliding_window()
    {
        var view = NewView();
        for (var i = 0; i < 40; i++)
        {
            view.Add(At("a", i, 1, anomaly: i % 10 == 0));
            _time.Advance(TimeSpan.FromMilliseconds(50)); // 20 per second for 2 s
        }

        var busy = view.Counters();
        Assert.InRange(busy.PredictionsPerSecond, 18, 22);
        Assert.InRange(busy.AnomaliesPerSecond, 1.5, 2.5);

        _time.Advance(TimeSpan.FromSeconds(3)); // longer than the window, with nothing new
        Assert.Equal(0, view.Counters().PredictionsPerSecond);
    }
}
