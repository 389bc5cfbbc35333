using System.Text.Json.Serialization;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// How a detector did on a holdout set, with the counts behind every figure. Figures the data cannot support are
/// absent (null), never a default: no labels, no precision; no labelled anomaly, no recall or F1.
/// </summary>
/// <param name="Examples">Readings scored.</param>
/// <param name="Alarms">Readings flagged.</param>
/// <param name="AlarmRate">Alarms / Examples: the figure that needs no labels.</param>
/// <param name="LabeledExamples">Readings with ground truth; the figures below count only these.</param>
/// <param name="LabeledAnomalies">Readings labelled anomalous (TP + FN).</param>
/// <param name="TruePositives">Anomalies flagged.</param>
/// <param name="FalsePositives">Normal readings flagged.</param>
/// <param name="FalseNegatives">Anomalies missed.</param>
/// <param name="TrueNegatives">Normal readings passed.</param>
/// <param name="Precision">TP of TP + FP; absent when nothing labelled was flagged.</param>
/// <param name="Recall">TP of TP + FN; absent without labelled anomalies.</param>
/// <param name="F1">Harmonic mean of precision and recall (0 when nothing was found); absent without labelled anomalies.</param>
/// <param name="FalseAlarmRate">FP of FP + TN: the share of normal readings flagged, to set against the false-alarm budget.</param>
/// <param name="MeanAbsoluteError">Mean |actual − the regression's expected power| in W over readings not labelled anomalous.</param>
/// <param name="RecallByKind">Recall per anomaly kind (<c>spike</c>, <c>drift</c>, <c>stuck</c>) where kinds are known.</param>
public sealed record EvaluationMetrics(
    int Examples,
    int Alarms,
    double AlarmRate,
    int LabeledExamples,
    int LabeledAnomalies,
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    int TrueNegatives,
    Proportion? Precision,
    Proportion? Recall,
    double? F1,
    Proportion? FalseAlarmRate,
    double MeanAbsoluteError,
    IReadOnlyDictionary<string, Proportion>? RecallByKind = null)
{
    /// <summary>Whether any figure beyond the alarm rate and MAE means anything: false when the holdout carried no ground truth.</summary>
    [JsonIgnore]
    public bool HasGroundTruth => LabeledExamples > 0;

    public static EvaluationMetrics From(int examples, int alarms, int tp, int fp, int fn, int tn, double meanAbsoluteError, IReadOnlyDictionary<string, Proportion>? recallByKind = null)
    {
        var positives = tp + fn;
        return new EvaluationMetrics(
            examples,
            alarms,
            examples == 0 ? 0 : (double)alarms / examples,
            tp + fp + fn + tn,
            positives,
            tp, fp, fn, tn,
            Proportion.Of(tp, tp + fp),
            Proportion.Of(tp, positives),
            positives == 0 ? null : 2.0 * tp / (2.0 * tp + fp + fn),
            Proportion.Of(fp, fp + tn),
            meanAbsoluteError,
            recallByKind is { Count: > 0 } ? recallByKind : null);
    }

    public override string ToString()
    {
        var figures = HasGroundTruth
            ? FormattableString.Invariant($"P={Precision?.ToString() ?? "n/a"} R={Recall?.ToString() ?? "n/a"} F1={(F1 is { } f1 ? f1.ToString("F3", System.Globalization.CultureInfo.InvariantCulture) : "n/a")} false alarms {FalseAlarmRate?.ToString() ?? "n/a"}; TP {TruePositives}, FP {FalsePositives}, FN {FalseNegatives}, TN {TrueNegatives}")
            : "no ground truth";
        return FormattableString.Invariant($"{figures}; alarms {Alarms} of {Examples} ({AlarmRate:P2}); MAE {MeanAbsoluteError:F1} W")
            + (RecallByKind is { Count: > 0 } ? "; recall by kind: " + string.Join(", ", RecallByKind.Select(k => $"{k.Key} {k.Value}")) : "");
    }
}
