namespace KappaAspire.Pipeline.Model;

/// <summary>The outcome of <see cref="DetectorTrainer.Train"/>.</summary>
/// <param name="Detector">The detector, with its holdout <see cref="TrainedDetector.Metrics"/>.</param>
/// <param name="Split">The examples behind each phase; the holdout is what to evaluate the serving model on too.</param>
/// <param name="Duration">Wall-clock time of the whole training.</param>
public sealed record TrainingResult(TrainedDetector Detector, TimeOrderedSplit Split, TimeSpan Duration)
{
    public EvaluationMetrics Metrics => Detector.Metrics;
}
