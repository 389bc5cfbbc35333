using System.Globalization;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// Promote a candidate only if it is not worse than the serving model. Compare metrics from the same holdout
/// (run the serving model through <see cref="DetectorEvaluator"/> on the candidate's holdout), or the verdict compares
/// two different periods rather than two models.
/// </summary>
/// <param name="f1Tolerance">How much lower (absolute) the candidate's F1 may be, to absorb noise.</param>
/// <param name="maeRelativeTolerance">How much higher (relative) the candidate's MAE may be.</param>
public sealed class PromotionPolicy(double f1Tolerance = 0.01, double maeRelativeTolerance = 0.05)
{
    public double F1Tolerance { get; } = f1Tolerance;

    public double MaeRelativeTolerance { get; } = maeRelativeTolerance;

    public PromotionDecision ShouldPromote(EvaluationMetrics candidate, EvaluationMetrics? serving)
    {
        if (serving is null)
        {
            return new PromotionDecision(true, "first model: nothing is serving");
        }

        var refusals = new List<string>();
        var notes = new List<string>();
        if (candidate.HasGroundTruth && serving.HasGroundTruth)
        {
            var f1 = Format($"F1 {candidate.F1:F3} vs serving {serving.F1:F3}");
            (candidate.F1 < serving.F1 - F1Tolerance ? refusals : notes).Add(f1);
        }
        else
        {
            notes.Add("F1 not compared (no ground truth)");
        }

        var maxMae = serving.MeanAbsoluteError * (1 + MaeRelativeTolerance);
        var mae = Format($"MAE {candidate.MeanAbsoluteError:F2} W vs serving {serving.MeanAbsoluteError:F2} W");
        (candidate.MeanAbsoluteError > maxMae ? refusals : notes).Add(mae);

        return refusals.Count > 0
            ? new PromotionDecision(false, "worse than serving: " + string.Join("; ", refusals))
            : new PromotionDecision(true, "not worse than serving: " + string.Join("; ", notes));
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
