using KappaAspire.Pipeline.Model;

namespace KappaAspire.Pipeline.Tests;

public sealed class EvaluationMetricsTests
{
    [Fact]
    public void Without_labels_only_the_alarm_rate_and_MAE_are_reported()
    {
        var metrics = EvaluationMetrics.From(examples: 2000, alarms: 9, tp: 0, fp: 0, fn: 0, tn: 0, meanAbsoluteError: 12);

        Assert.False(metrics.HasGroundTruth);
        Assert.Null(metrics.Precision);
        Assert.Null(metrics.Recall);
        Assert.Null(metrics.F1);
        Assert.Null(metrics.FalseAlarmRate);
        Assert.Equal(0.0045, metrics.AlarmRate, 9);
        Assert.StartsWith("no ground truth; alarms 9 of 2000", metrics.ToString());
    }

    [Fact]
    public void Labels_without_a_single_anomaly_give_a_false_alarm_rate_but_no_recall_or_F1()
    {
        var metrics = EvaluationMetrics.From(examples: 1000, alarms: 3, tp: 0, fp: 3, fn: 0, tn: 997, meanAbsoluteError: 12);

        Assert.Null(metrics.Recall);
        Assert.Null(metrics.F1);
        Assert.Equal(0, metrics.Precision!.Value);
        Assert.Equal(0.003, metrics.FalseAlarmRate!.Value, 9);
    }

    [Fact]
    public void One_labelled_anomaly_found_is_reported_with_its_count_and_a_wide_interval()
    {
        var metrics = EvaluationMetrics.From(examples: 1000, alarms: 1, tp: 1, fp: 0, fn: 0, tn: 999, meanAbsoluteError: 12);

        Assert.Equal(1, metrics.F1);
        Assert.Equal(1, metrics.LabeledAnomalies);
        Assert.Equal((1, 1), (metrics.Recall!.Count, metrics.Recall.Trials));
        Assert.True(metrics.Recall.Low < 0.25);
    }
}
