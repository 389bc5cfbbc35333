namespace KappaAspire.Pipeline.Model;

/// <summary>
/// Scores a holdout with a detector. The trainer runs both the candidate and the serving model through this on the
/// same holdout, so <see cref="PromotionPolicy"/> compares like with like.
/// </summary>
public static class DetectorEvaluator
{
    public static EvaluationMetrics Evaluate(AnomalyScorer scorer, IEnumerable<LabeledExample> examples)
    {
        var tally = new EvaluationTally();
        foreach (var example in examples)
        {
            var result = scorer.Score(example.Features, example.Power);
            // The regression's own error, also where the detector judged by the sensor's course instead: the figure
            // says how well the model predicts, so two models stay comparable in conditions neither was trained on.
            tally.Add(result.IsAnomaly, example.Truth, Math.Abs(example.Power - scorer.PredictModelPower(example.Features)));
        }

        return tally.ToMetrics();
    }
}
