namespace KappaAspire.Pipeline.Model;

/// <summary>Knobs of <see cref="DetectorTrainer.Train"/>; the defaults train 60k readings in seconds on two cores.</summary>
public sealed record DetectorTrainingOptions
{
    /// <summary>Share of the (time-ordered) examples before the holdout used to choose the threshold.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Share of the examples, the most recent ones, kept for evaluation only.</summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>Score quantile used as threshold when the validation split has no labelled anomaly.</summary>
    public double FallbackQuantile { get; init; } = 0.995;

    /// <summary>Leave readings labelled anomalous out of the regression fit: it should learn normal behaviour.</summary>
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
