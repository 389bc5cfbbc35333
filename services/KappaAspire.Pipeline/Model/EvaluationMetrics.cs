using System.Text.Json.Serialization;

namespace KappaAspire.Pipeline.Model;

/// <summary>How a detector did on a holdout set.</summary>
/// <param name="Examples">Readings scored.</param>
/// <param name="LabeledExamples">Readings with ground truth; precision, recall and F1 count only these.</param>
/// <param name="TruePositives">Anomalies flagged.</param>
/// <param name="FalsePositives">Normal readings flagged.</param>
/// <param name="FalseNegatives">Anomalies missed.</param>
/// <param name="TrueNegatives">Normal readings passed.</param>
/// <param name="Precision">TP / (TP + FP); 1 when nothing was flagged.</param>
/// <param name="Recall">TP / (TP + FN); 1 when there was nothing to find.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="MeanAbsoluteError">Mean |actual − expected power| in W over readings not labelled anomalous.</param>
/// <param name="RecallByKind">Recall per anomaly kind (<c>spike</c>, <c>drift</c>, <c>stuck</c>) where kinds are known.</param>
public sealed record EvaluationMetrics(
    int Examples,
    int LabeledExamples,
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    int TrueNegatives,
    double Precision,
    double Recall,
    double F1,
    double MeanAbsoluteError,
    IReadOnlyDictionary<string, double>? RecallByKind = null)
{
    /// <summary>Whether F1 means anything: false when the holdout carried no ground truth.</summary>
    [JsonIgnore]
    public bool HasGroundTruth => LabeledExamples > 0;

    public override string ToString() =>
        $"P={Precision:F3} R={Recall:F3} F1={F1:F3} MAE={MeanAbsoluteError:F1} W (TP {TruePositives}, FP {FalsePositives}, FN {FalseNegatives}, TN {TrueNegatives}, {Examples} readings)"
        + (RecallByKind is { Count: > 0 } ? " recall by kind: " + string.Join(", ", RecallByKind.Select(k => $"{k.Key} {k.Value:F3}")) : "");
}
