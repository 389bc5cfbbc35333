namespace KappaAspire.Pipeline.Model;

/// <summary>Knobs of <see cref="DetectorTrainer.Train"/>; the defaults train 60k readings in seconds on two cores.</summary>
public sealed record DetectorTrainingOptions
{
    /// <summary>Share of the (time-ordered) examples before the holdout used to choose the threshold.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Share of the examples, the most recent ones, kept for evaluation only.</summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>
    /// Share of normal readings allowed to raise an alarm: each sensor's threshold is the score new normal readings
    /// exceed at most this often, judged from its calibration readings (see <see cref="TailQuantile"/>).
    /// </summary>
    public double FalseAlarmBudget { get; init; } = 0.005;

    /// <summary>
    /// Least surprise (z scale) an alarm needs whatever the budget allows: a sensor with light-tailed noise then raises far
    /// fewer alarms than its budget instead of flagging its quietest outliers to fill it. 4 ≈ a two-sided normal tail of 6e-5.
    /// </summary>
    public double MinimumScore { get; init; } = 4.0;

    /// <summary>
    /// Where the log carries ground truth, leave readings labelled anomalous out of what is learnt as normal (the regression
    /// fit, repeat runs and steps, and the calibration readings that scales and thresholds come from: the budget is a share
    /// of normal readings). Labels are never needed: without them everything is learnt from the readings as they are.
    /// </summary>
    public bool ExcludeLabeledAnomaliesFromFit { get; init; } = true;

    public int NumberOfTrees { get; init; } = 100;
    public int NumberOfLeaves { get; init; } = 20;
    public int MinimumExampleCountPerLeaf { get; init; } = 20;
    public double LearningRate { get; init; } = 0.2;

    /// <summary>FastTree threads; null lets ML.NET use every core.</summary>
    public int? NumberOfThreads { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Fewer warm examples than this and training refuses to run.</summary>
    public int MinimumExamples { get; init; } = 500;
}
