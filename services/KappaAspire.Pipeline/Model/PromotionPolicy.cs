using System.Globalization;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// Promote a candidate only if it is not worse than the serving model, on the evidence the holdout can support. Compare
/// metrics from the same holdout (run the serving model through <see cref="DetectorEvaluator"/> on the candidate's
/// holdout), or the verdict compares two different periods rather than two models. F1 is compared only when the holdout
/// holds at least <see cref="MinimumLabeledAnomalies"/> labelled anomalies: ranking models on a handful of positives is
/// ranking noise. The reason always says which evidence was used.
/// </summary>
/// <param name="f1Tolerance">How much lower (absolute) the candidate's F1 may be, to absorb noise.</param>
/// <param name="maeRelativeTolerance">How much higher (relative) the candidate's MAE may be.</param>
/// <param name="alarmRateTolerance">How much higher (absolute) the candidate's alarm rate on the holdout may be.</param>
/// <param name="minimumLabeledAnomalies">Labelled anomalies in the holdout below which F1 is not compared.</param>
public sealed class PromotionPolicy(double f1Tolerance = 0.01, double maeRelativeTolerance = 0.05, double alarmRateTolerance = 0.005, int minimumLabeledAnomalies = 30)
{
    public double F1Tolerance { get; } = f1Tolerance;

    public double MaeRelativeTolerance { get; } = maeRelativeTolerance;

    public double AlarmRateTolerance { get; } = alarmRateTolerance;

    public int MinimumLabeledAnomalies { get; } = minimumLabeledAnomalies;

    public PromotionDecision ShouldPromote(EvaluationMetrics candidate, EvaluationMetrics? serving)
    {
        if (serving is null)
        {
            return new PromotionDecision(true, "first model: nothing is serving");
        }

        var refusals = new List<string>();
        var notes = new List<string>();
        void Judge(bool worse, string text) => (worse ? refusals : notes).Add(text);

        var f1Compared = candidate.F1 is not null && serving.F1 is not null && candidate.LabeledAnomalies >= MinimumLabeledAnomalies;
        if (f1Compared && candidate.F1 is { } f1 && serving.F1 is { } servingF1)
        {
            Judge(f1 < servingF1 - F1Tolerance, Format($"F1 {f1:F3} vs serving {servingF1:F3} on {candidate.LabeledAnomalies} labelled anomalies"));
        }
        else
        {
            notes.Add(candidate.HasGroundTruth
                ? Format($"F1 not compared ({candidate.LabeledAnomalies} labelled anomalies, fewer than {MinimumLabeledAnomalies})")
                : "F1 not compared (no ground truth)");
        }

        // Labelled normals give the false-alarm rate itself; without labels the alarm rate is the closest evidence. When F1
        // was compared it already weighs false alarms against anomalies found, so the rate is reported, not judged: a
        // model that finds nothing must not keep serving because it also raises nothing.
        var (name, rate, servingRate) = candidate.FalseAlarmRate is { } far && serving.FalseAlarmRate is { } servingFar
            ? ("false-alarm rate", far.Value, servingFar.Value)
            : ("alarm rate", candidate.AlarmRate, serving.AlarmRate);
        var rateText = Format($"{name} {rate:P2} vs serving {servingRate:P2} of {candidate.Examples} readings");
        if (f1Compared)
        {
            notes.Add(rateText);
        }
        else
        {
            Judge(rate > servingRate + AlarmRateTolerance, rateText);
        }

        var maxMae = serving.MeanAbsoluteError * (1 + MaeRelativeTolerance);
        Judge(candidate.MeanAbsoluteError > maxMae, Format($"MAE {candidate.MeanAbsoluteError:F2} W vs serving {serving.MeanAbsoluteError:F2} W"));

        return refusals.Count > 0
            ? new PromotionDecision(false, "worse than serving: " + string.Join("; ", refusals) + (notes.Count > 0 ? " (also: " + string.Join("; ", notes) + ")" : ""))
            : new PromotionDecision(true, "not worse than serving: " + string.Join("; ", notes));
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
