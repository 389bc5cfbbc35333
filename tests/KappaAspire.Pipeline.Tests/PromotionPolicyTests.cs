using KappaAspire.Pipeline.Model;

namespace KappaAspire.Pipeline.Tests;

public sealed class PromotionPolicyTests
{
    // A holdout of 10,000 readings, 100 of them labelled anomalous unless said otherwise.
    private static EvaluationMetrics Metrics(int found, int falseAlarms, double mae, int anomalies = 100, bool labeled = true)
    {
        const int examples = 10_000;
        var alarms = found + falseAlarms;
        return labeled
            ? EvaluationMetrics.From(examples, alarms, found, falseAlarms, anomalies - found, examples - anomalies - falseAlarms, mae)
            : EvaluationMetrics.From(examples, alarms, 0, 0, 0, 0, mae);
    }

    private readonly PromotionPolicy _policy = new(f1Tolerance: 0.01, maeRelativeTolerance: 0.05, alarmRateTolerance: 0.005, minimumLabeledAnomalies: 30);

    [Fact]
    public void The_first_model_is_always_promoted()
    {
        var decision = _policy.ShouldPromote(Metrics(20, 500, 500), serving: null);

        Assert.True(decision.Promote);
        Assert.Contains("first model", decision.Reason);
    }

    [Fact]
    public void A_candidate_with_clearly_lower_F1_on_enough_labelled_anomalies_is_refused()
    {
        var decision = _policy.ShouldPromote(Metrics(80, 10, 30), Metrics(95, 5, 30));

        Assert.False(decision.Promote);
        Assert.Contains("F1 0.842 vs serving 0.950 on 100 labelled anomalies", decision.Reason);
    }

    [Fact]
    public void A_candidate_with_clearly_higher_MAE_is_refused()
    {
        var decision = _policy.ShouldPromote(Metrics(95, 5, 40), Metrics(95, 5, 30));

        Assert.False(decision.Promote);
        Assert.Contains("MAE 40.00 W vs serving 30.00 W", decision.Reason);
    }

    [Fact]
    public void Where_F1_cannot_be_compared_a_candidate_that_raises_clearly_more_false_alarms_is_refused()
    {
        var decision = _policy.ShouldPromote(Metrics(3, 100, 30, anomalies: 3), Metrics(3, 5, 30, anomalies: 3));

        Assert.False(decision.Promote);
        Assert.Contains("false-alarm rate 1.00 % vs serving 0.05 %", decision.Reason);
    }

    [Fact]
    public void A_candidate_within_tolerance_is_promoted_and_the_reason_lists_the_evidence()
    {
        var decision = _policy.ShouldPromote(Metrics(94, 6, 31), Metrics(95, 5, 30));

        Assert.True(decision.Promote, decision.Reason);
        Assert.StartsWith("not worse than serving", decision.Reason);
        Assert.Contains("100 labelled anomalies", decision.Reason);
        Assert.Contains("false-alarm rate", decision.Reason);
        Assert.Contains("MAE", decision.Reason);
    }

    [Fact]
    public void A_candidate_that_finds_clearly_more_is_promoted_though_it_raises_more_alarms_than_a_silent_model()
    {
        var decision = _policy.ShouldPromote(Metrics(80, 60, 30), Metrics(0, 0, 30));

        Assert.True(decision.Promote, decision.Reason);
        Assert.Contains("false-alarm rate 0.61 % vs serving 0.00 %", decision.Reason);
    }

    [Fact]
    public void F1_on_a_handful_of_labelled_anomalies_does_not_rank_models()
    {
        // 1 of 3 found vs 3 of 3: a large F1 gap that three positives cannot support.
        var decision = _policy.ShouldPromote(Metrics(1, 2, 30, anomalies: 3), Metrics(3, 2, 30, anomalies: 3));

        Assert.True(decision.Promote, decision.Reason);
        Assert.Contains("F1 not compared (3 labelled anomalies, fewer than 30)", decision.Reason);
    }

    [Fact]
    public void Without_ground_truth_alarm_rate_and_MAE_are_compared()
    {
        var decision = _policy.ShouldPromote(Metrics(0, 40, 30, labeled: false), Metrics(95, 5, 30));

        Assert.True(decision.Promote, decision.Reason);
        Assert.Contains("F1 not compared (no ground truth)", decision.Reason);
        Assert.Contains("alarm rate 0.40 % vs serving 1.00 %", decision.Reason);
    }
}
