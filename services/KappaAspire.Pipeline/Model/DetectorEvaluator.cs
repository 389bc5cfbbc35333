using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// Scores a holdout with a detector. The trainer runs both the candidate and the serving model through this on the
/// same holdout, so <see cref="PromotionPolicy"/> compares like with like.
/// </summary>
public static class DetectorEvaluator
{
    public static EvaluationMetrics Evaluate(AnomalyScorer scorer, IEnumerable<LabeledExample> examples)
    {
        int count = 0, alarms = 0, tp = 0, fp = 0, fn = 0, tn = 0, maeCount = 0;
        double absoluteErrors = 0;
        var kindTotals = new Dictionary<AnomalyKind, (int Found, int Total)>();

        foreach (var example in examples)
        {
            count++;
            var result = scorer.Score(example.Features, example.Power);
            alarms += result.IsAnomaly ? 1 : 0;
            if (example.Truth is not { IsAnomaly: true })
            {
                // The regression's own error, also where the detector judged by the sensor's course instead: the figure
                // says how well the model predicts, so two models stay comparable in conditions neither was trained on.
                absoluteErrors += Math.Abs(example.Power - scorer.PredictModelPower(example.Features));
                maeCount++;
            }

            if (example.Truth is not { } truth)
            {
                continue;
            }

            switch (truth.IsAnomaly, result.IsAnomaly)
            {
                case (true, true): tp++; break;
                case (true, false): fn++; break;
                case (false, true): fp++; break;
                default: tn++; break;
            }

            if (truth is { IsAnomaly: true, Kind: { } kind })
            {
                var (found, total) = kindTotals.GetValueOrDefault(kind);
                kindTotals[kind] = (found + (result.IsAnomaly ? 1 : 0), total + 1);
            }
        }

        var byKind = kindTotals.OrderBy(k => k.Key).ToDictionary(k => GroundTruth.KindName(k.Key), k => Proportion.Of(k.Value.Found, k.Value.Total)!);
        return EvaluationMetrics.From(count, alarms, tp, fp, fn, tn, maeCount == 0 ? 0 : absoluteErrors / maeCount, byKind);
    }
}
