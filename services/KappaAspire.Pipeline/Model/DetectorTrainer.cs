using System.Diagnostics;
using KappaAspire.Pipeline.Features;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// Trains the anomaly detector from replayed examples: a FastTree regression of expected power, a robust z-score of its
/// residual (with a flatline signal for stuck sensors), and a threshold chosen on a time-ordered validation split.
/// </summary>
public static class DetectorTrainer
{
    // A perfect fit would give a zero scale; keep z finite.
    private const double MinimumResidualScale = 1e-6;

    /// <summary>
    /// Trains on the oldest examples, picks the threshold on the next <see cref="DetectorTrainingOptions.ValidationFraction"/>,
    /// and evaluates on the most recent <see cref="DetectorTrainingOptions.HoldoutFraction"/>.
    /// </summary>
    /// <param name="examples">Examples in any order (they are sorted by timestamp); see <see cref="LabeledExample.From"/>.</param>
    public static TrainingResult Train(IReadOnlyList<LabeledExample> examples, DetectorTrainingOptions? options = null)
    {
        options ??= new DetectorTrainingOptions();
        var stopwatch = Stopwatch.StartNew();
        var split = TimeOrderedSplit.Create(examples, options.ValidationFraction, options.HoldoutFraction);
        var total = split.Training.Count + split.Validation.Count + split.Holdout.Count;
        if (total < options.MinimumExamples || split.Validation.Count == 0 || split.Holdout.Count == 0)
        {
            throw new ArgumentException(
                $"Too few warm examples to train: {total} (at least {options.MinimumExamples}, and each sensor needs {FeatureSchema.WarmupWindow} readings of history first).",
                nameof(examples));
        }

        var fitSet = options.ExcludeLabeledAnomaliesFromFit
            ? split.Training.Where(e => e.Truth is not { IsAnomaly: true }).ToArray()
            : split.Training;
        var modelZip = PowerModel.Fit(fitSet, options);
        var model = PowerModel.Compile(modelZip);

        var calibration = CalibrateResiduals(model, fitSet);
        var (threshold, validationF1) = ChooseThreshold(model, calibration, split.Validation, options);
        var parameters = calibration with { Threshold = threshold };

        var metrics = DetectorEvaluator.Evaluate(AnomalyScorer.FromCompiled(model, parameters), split.Holdout);
        return new TrainingResult(new TrainedDetector(modelZip, parameters, metrics, options), split, validationF1, stopwatch.Elapsed);
    }

    // Median and MAD of the training residuals: the centre and width of "normal" for the robust z.
    private static ScoringParameters CalibrateResiduals(TreeEnsembleRegressor model, IReadOnlyList<LabeledExample> fitSet)
    {
        var residuals = new double[fitSet.Count];
        for (var i = 0; i < fitSet.Count; i++)
        {
            var e = fitSet[i];
            residuals[i] = AnomalyScorer.RelativeResidual(e.Power, PowerModel.ExpectedPower(e.Features, model.Predict(e.Features.Values)));
        }

        var median = RobustStatistics.MedianInPlace(residuals.AsSpan());
        for (var i = 0; i < residuals.Length; i++)
        {
            residuals[i] = Math.Abs(residuals[i] - median);
        }

        var scale = RobustStatistics.MadToSigma * RobustStatistics.MedianInPlace(residuals.AsSpan());
        return new ScoringParameters(0, median, Math.Max(scale, MinimumResidualScale));
    }

    private static (double Threshold, double? F1) ChooseThreshold(
        TreeEnsembleRegressor model, ScoringParameters calibration, IReadOnlyList<LabeledExample> validation, DetectorTrainingOptions options)
    {
        var scores = new List<double>(validation.Count);
        var labeledScores = new List<double>();
        var labels = new List<bool>();
        foreach (var e in validation)
        {
            var expected = PowerModel.ExpectedPower(e.Features, model.Predict(e.Features.Values));
            var score = AnomalyScorer.Combine(e.Features, e.Power, expected, calibration);
            scores.Add(score);
            if (e.Truth is { } truth)
            {
                labeledScores.Add(score);
                labels.Add(truth.IsAnomaly);
            }
        }

        return ThresholdSelector.MaximizeF1(labeledScores, labels) is { } best
            ? (best.Threshold, best.F1)
            : (ThresholdSelector.Quantile(scores, options.FallbackQuantile), null);
    }
}
