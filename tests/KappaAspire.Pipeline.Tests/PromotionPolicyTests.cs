using KappaAspire.Pipeline.Model;

namespace KappaAspire.Pipeline.Tests;

public sealed class PromotionPolicyTests
{
    private static EvaluationMetrics Metrics(double f1, double mae, int labeled = 1000) =>
        new(1000, labeled, 90, 5, 5, 900, 0.95, 0.95, f1, mae);

    private readonly PromotionPolicy _policy = new(f1Tolerance: 0.01, maeRelativeTolerance: 0.05);

    [Fact]
    public void The_first_model_is_always_promoted()
    {
        var decision = _policy.ShouldPromote(Metrics(0.2, 500), serving: null);

        Assert.True(decision.Promote);
        Assert.Contains("first model", decision.Reason);
    }

    [Fact]
    public void A_candidate_with_clearly_lower_F1_is_refused()
    {
        var decision = _policy.ShouldPromote(Metrics(0.90, 30), Metrics(0.95, 30));

        Assert.False(decision.Promote);
        Assert.Contains("F1 0.900 vs serving 0.950", decision.Reason);
    }

    [Fact]
    public void A_candidate_with_clearly_higher_MAE_is_refused()
    {
        var decision = _policy.ShouldPromote(Metrics(0.95, 40), Metrics(0.95, 30));

        Assert.False(decision.Promote);
        Assert.Contains("MAE 40.00 W vs serving 30.00 W", decision.Reason);
    }

    [Fact]
    public void A_candidate_within_tolerance_is_promoted()
    {
        var decision = _policy.ShouldPromote(Metrics(0.945, 31), Metrics(0.95, 30));

        Assert.True(decision.Promote, decision.Reason);
        Assert.StartsWith("not worse than serving", decision.Reason);
    }

    [Fact]
    public void Without_ground_truth_only_MAE_is_compared()
    {
        var decision = _policy.ShouldPromote(Metrics(0, 30, labeled: 0), Metrics(0.95, 30));

        Assert.True(decision.Promote, decision.Reason);
        Assert.Contains("F1 not compared", decision.Reason);
    }
}
