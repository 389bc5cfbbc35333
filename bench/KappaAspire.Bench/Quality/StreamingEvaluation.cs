using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Bench.Quality;

/// <summary>
/// Streams a log through the product's own code as the services run it: features from the one feature function, the
/// trainer's training and promotion gate, the inference scorer. Each reading is scored by the model serving at the
/// time, trained only on readings before it; a model is retrained when the log has grown by
/// <see cref="RetrainPolicy.GrowthFactor"/> since the serving model's training.
/// </summary>
internal static class StreamingEvaluation
{
    /// <summary>What happened to one reading.</summary>
    /// <param name="Scored">False while no model served yet (the reading still became training data).</param>
    /// <param name="Severity">The scorer's <see cref="AnomalyScore.Severity"/>: the score on a scale shared by every sensor.</param>
    internal readonly record struct Outcome(bool Scored, double Severity, bool Alarm, GroundTruth? Truth, int Model = 0);

    /// <summary>When to train: first after <paramref name="FirstModelReadings"/>, then whenever the log has grown by
    /// <paramref name="GrowthFactor"/> (the trainer's growth trigger), until the serving model rests on <paramref name="CeilingReadings"/>.</summary>
    internal sealed record RetrainPolicy(int FirstModelReadings, double GrowthFactor = 2, int CeilingReadings = 1_000_000);

    internal sealed record Result(IReadOnlyList<Outcome> Outcomes, IReadOnlyList<TrainingRun> Trainings);

    internal sealed record TrainingRun(int LogReadings, bool Promoted, string Reason, EvaluationMetrics Holdout, TimeSpan Duration);

    /// <param name="useLabels">Whether training may read the ground truth the log carries (as the trainer does); false for data whose labels are only for scoring.</param>
    public static Result Run(IEnumerable<LabeledReading> log, RetrainPolicy policy, DetectorTrainingOptions training, bool useLabels)
    {
        var store = new SensorStateStore();
        var examples = new List<LabeledExample>();
        var outcomes = new List<Outcome>();
        var trainings = new List<TrainingRun>();
        var promotion = new PromotionPolicy();
        AnomalyScorer? serving = null;
        var model = 0;
        var nextTraining = policy.FirstModelReadings;
        foreach (var (reading, truth) in log)
        {
            var example = LabeledExample.From(store, reading, useLabels ? truth : null);
            if (serving is null)
            {
                outcomes.Add(new Outcome(false, 0, false, truth));
            }
            else
            {
                var score = serving.Score(example.Features, reading.Power);
                outcomes.Add(new Outcome(true, score.Severity, score.IsAnomaly, truth, model));
            }

            examples.Add(example);
            if (examples.Count < nextTraining)
            {
                continue;
            }

            TrainingResult result;
            try
            {
                result = DetectorTrainer.Train(examples, training);
            }
            catch (ArgumentException)
            {
                // Too few warm readings yet (the trainer retries likewise): try again when the log has grown a little.
                nextTraining = examples.Count + Math.Max(1, examples.Count / 10);
                continue;
            }

            // As the trainer does: judge the serving model on the candidate's holdout, so both face the same readings.
            var servingOnHoldout = serving is null ? null : DetectorEvaluator.Evaluate(serving, result.Split.Holdout);
            var decision = promotion.ShouldPromote(result.Metrics, servingOnHoldout);
            trainings.Add(new TrainingRun(examples.Count, decision.Promote, decision.Reason, result.Metrics, result.Duration));
            if (decision.Promote)
            {
                serving = result.Detector.CreateScorer();
                model++;
            }

            nextTraining = examples.Count < policy.CeilingReadings ? (int)Math.Ceiling(examples.Count * policy.GrowthFactor) : int.MaxValue;
        }

        return new Result(outcomes, trainings);
    }
}
