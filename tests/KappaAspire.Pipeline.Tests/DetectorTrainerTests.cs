using System.Collections.Concurrent;
using System.Diagnostics;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Pipeline.Tests;

public sealed class DetectorTrainerTests(TrainedModelFixture trained, ITestOutputHelper output)
{
    private static List<LabeledExample> SimulatedExamples(int readingsPerSensor, bool withTruth = true)
    {
        var simulator = new SensorSimulator(new SensorSimulatorOptions { Seed = 11 });
        var store = new SensorStateStore();
        return simulator.Generate((long)simulator.Options.SensorCount * readingsPerSensor)
            .Select(r => LabeledExample.From(store, r.Reading, withTruth ? r.Truth : null))
            .ToList();
    }

    [Fact]
    public void Trainer_finds_the_injected_anomalies_with_F1_of_at_least_0_9_on_the_holdout()
    {
        var metrics = trained.Result.Metrics;
        output.WriteLine($"{trained.Examples.Count} readings (20 sensors x {TrainedModelFixture.ReadingsPerSensor}); training {trained.TrainingTime.TotalSeconds:F2} s");
        output.WriteLine($"split: {trained.Result.Split.Training.Count} train / {trained.Result.Split.Validation.Count} validation / {trained.Result.Split.Holdout.Count} holdout");
        output.WriteLine($"pooled threshold {trained.Result.Detector.Parameters.Pooled.Threshold:F2}, {trained.Result.Detector.Parameters.Sensors.Count} sensors calibrated");
        output.WriteLine($"holdout: {metrics}");

        Assert.True(metrics.F1 >= 0.9, $"F1 {metrics.F1:F3}");
        Assert.True(metrics.TruePositives + metrics.FalseNegatives >= 50, "the holdout should hold enough anomalies to measure");
        Assert.Equal(trained.Result.Split.Holdout.Count, metrics.Examples);
    }

    [Fact]
    public void Splits_are_time_ordered_and_disjoint()
    {
        var split = trained.Result.Split;

        Assert.True(split.Training.Max(e => e.Timestamp) <= split.Validation.Min(e => e.Timestamp));
        Assert.True(split.Validation.Max(e => e.Timestamp) <= split.Holdout.Min(e => e.Timestamp));
        Assert.Equal(0.2, (double)split.Holdout.Count / (split.Training.Count + split.Validation.Count + split.Holdout.Count), 2);
        Assert.All(split.Training.Concat(split.Validation).Concat(split.Holdout), e => Assert.True(e.Features.IsWarm));
    }

    [Fact]
    public void The_compiled_ensemble_predicts_what_MLNET_predicts()
    {
        var zip = trained.Result.Detector.ModelZip;
        var compiled = PowerModel.Compile(zip);
        var engine = PowerModel.CreatePredictionEngine(zip);

        foreach (var example in trained.Result.Split.Holdout.Take(500))
        {
            var expected = engine.Predict(new PowerModel.Row { Features = example.Features.ToArray() }).Score;
            var actual = compiled.Predict(example.Features.Values);
            Assert.Equal(expected, actual, 1e-3 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Fact]
    public void A_scorer_gives_the_same_answers_from_many_threads()
    {
        var scorer = trained.Result.Detector.CreateScorer();
        var holdout = trained.Result.Split.Holdout;
        var sequential = holdout.Select(e => scorer.Score(e.Features, e.Power)).ToArray();

        var parallel = new ConcurrentDictionary<int, AnomalyScore>();
        Parallel.For(0, holdout.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = scorer.Score(holdout[i].Features, holdout[i].Power));

        Assert.Equal(sequential, Enumerable.Range(0, holdout.Count).Select(i => parallel[i]));
    }

    [Fact]
    public void Scoring_does_not_allocate_and_its_throughput_is_reported()
    {
        var scorer = trained.Result.Detector.CreateScorer();
        var features = trained.Result.Split.Holdout.Select(e => e.Features).ToArray();
        var powers = trained.Result.Split.Holdout.Select(e => e.Power).ToArray();
        double sink = 0;
        for (var i = 0; i < features.Length; i++)
        {
            sink += scorer.Score(features[i], powers[i]).Score; // warm the JIT
        }

        const int rounds = 20;
        var stopwatch = new Stopwatch();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        stopwatch.Start();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < features.Length; i++)
            {
                sink += scorer.Score(features[i], powers[i]).Score;
            }
        }

        stopwatch.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        output.WriteLine($"{rounds * features.Length / stopwatch.Elapsed.TotalSeconds:N0} scores/s on one thread ({sink:E1})");
        Assert.Equal(0, allocated);
    }

    private static string Json(ScoringParameters parameters) =>
        System.Text.Json.JsonSerializer.Serialize(parameters, KappaAspire.Pipeline.Contracts.PipelineJsonContext.Default.ScoringParameters);

    [Fact]
    public void The_same_log_trains_the_same_model()
    {
        var examples = SimulatedExamples(1000);

        var first = DetectorTrainer.Train(examples);
        var second = DetectorTrainer.Train(examples);

        Assert.Equal(first.Detector.ModelZip.Length, second.Detector.ModelZip.Length);
        Assert.Equal(Json(first.Detector.Parameters), Json(second.Detector.Parameters));
        Assert.Equal(first.Metrics.F1, second.Metrics.F1);
    }

    [Fact]
    public void Without_ground_truth_thresholds_come_from_the_false_alarm_budget_and_no_F1_is_claimed()
    {
        var examples = SimulatedExamples(1000, withTruth: false);

        var result = DetectorTrainer.Train(examples);

        var metrics = result.Metrics;
        Assert.False(metrics.HasGroundTruth);
        Assert.Null(metrics.Precision);
        Assert.Null(metrics.Recall);
        Assert.Null(metrics.F1);
        Assert.Null(metrics.FalseAlarmRate);
        Assert.Equal(metrics.Alarms / (double)metrics.Examples, metrics.AlarmRate, 9);
        Assert.Equal(20, result.Detector.Parameters.Sensors.Count);
        Assert.All(result.Detector.Parameters.Sensors.Values, p => Assert.True(p.Threshold >= result.Detector.Parameters.MinimumScore));
        output.WriteLine(metrics.ToString());
    }

    [Fact]
    public void Readings_labelled_anomalous_are_left_out_of_calibration_since_the_budget_is_a_share_of_normal_readings()
    {
        var result = trained.Result;

        var (sensor, profile) = result.Detector.Parameters.Sensors.First(s => s.Value.CalibrationReadings > 0);
        var validation = result.Split.Validation.Where(e => e.SensorId == sensor).ToList();
        Assert.Contains(validation, e => e.Truth is { IsAnomaly: true });
        Assert.Equal(validation.Count(e => e.Truth is not { IsAnomaly: true }), profile.CalibrationReadings);
    }

    [Fact]
    public void Training_refuses_a_log_too_short_to_learn_from() =>
        Assert.Throws<ArgumentException>(() => DetectorTrainer.Train(SimulatedExamples(40)));

    [Fact]
    public void Promotion_refuses_a_worse_model_evaluated_on_the_same_holdout()
    {
        var holdout = trained.Result.Split.Holdout;
        var weak = DetectorTrainer.Train(trained.Examples, new DetectorTrainingOptions { NumberOfTrees = 2, NumberOfLeaves = 2, LearningRate = 0.1 });
        var strongMetrics = DetectorEvaluator.Evaluate(trained.Result.Detector.CreateScorer(), holdout);
        var weakMetrics = DetectorEvaluator.Evaluate(weak.Detector.CreateScorer(), holdout);
        output.WriteLine($"serving: {strongMetrics}");
        output.WriteLine($"weak candidate: {weakMetrics}");
        var policy = new PromotionPolicy();

        var refused = policy.ShouldPromote(candidate: weakMetrics, serving: strongMetrics);
        var accepted = policy.ShouldPromote(candidate: strongMetrics, serving: weakMetrics);

        output.WriteLine(refused.Reason);
        Assert.False(refused.Promote);
        Assert.StartsWith("worse than serving", refused.Reason);
        Assert.True(accepted.Promote, accepted.Reason);
    }

    [Fact]
    public void Evaluation_counts_add_up_and_report_recall_per_kind()
    {
        var metrics = trained.Result.Metrics;

        Assert.Equal(metrics.LabeledExamples, metrics.TruePositives + metrics.FalsePositives + metrics.FalseNegatives + metrics.TrueNegatives);
        Assert.Equal(["drift", "spike", "stuck"], metrics.RecallByKind!.Keys.Order());
        Assert.True(metrics.MeanAbsoluteError > 0);
    }
}
