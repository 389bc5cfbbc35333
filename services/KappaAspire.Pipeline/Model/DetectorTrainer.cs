using System.Diagnostics;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model.Monitoring;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// Trains the anomaly detector from replayed examples, labels optional: a FastTree regression of expected power, then
/// per sensor what is normal (scales of the residual and of sustained shifts, quantization step, repeat runs) and an
/// alarm threshold from the false-alarm budget, both on a later, time-ordered validation split.
/// </summary>
public static class DetectorTrainer
{
    /// <summary>
    /// Fits on the oldest examples, calibrates on the next <see cref="DetectorTrainingOptions.ValidationFraction"/>,
    /// and evaluates on the most recent <see cref="DetectorTrainingOptions.HoldoutFraction"/>.
    /// </summary>
    /// <param name="examples">Examples in any order (they are sorted by timestamp); see <see cref="LabeledExample.From"/>.</param>
    public static TrainingResult Train(IReadOnlyList<LabeledExample> examples, DetectorTrainingOptions? options = null)
    {
        options ??= new DetectorTrainingOptions();
        if (options.FalseAlarmBudget is <= 0 or >= 0.5 || !(options.MinimumScore >= 0))
        {
            throw new ArgumentException($"False-alarm budget must be in (0, 0.5) and the minimum score non-negative (got {options.FalseAlarmBudget}, {options.MinimumScore}).", nameof(options));
        }

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

        var conditions = TrainingConditions.Of(fitSet);
        var calibration = split.Validation
            .Where(e => !options.ExcludeLabeledAnomaliesFromFit || e.Truth is not { IsAnomaly: true })
            .Select(e =>
            {
                var (expected, novel) = TrainingConditions.ExpectedPower(model, conditions, e.Features);
                return (e, expected, novel);
            })
            .ToArray();
        var parameters = ProfileCalibration.Calibrate(fitSet, calibration, options.FalseAlarmBudget, options.MinimumScore) with { Conditions = conditions };

        var scorer = AnomalyScorer.FromCompiled(model, parameters);
        var metrics = DetectorEvaluator.Evaluate(scorer, split.Holdout);
        // The holdout, not the calibration readings: scored by the finished model out of sample on both the trees and the
        // scales, as live readings are, so a stream like the training window's reads as no drift.
        var reference = ScoreReference.From(split.Holdout.Select(e => scorer.Score(e.Features, e.Power).Score));
        return new TrainingResult(new TrainedDetector(modelZip, parameters, metrics, options, reference), split, stopwatch.Elapsed);
    }
}
