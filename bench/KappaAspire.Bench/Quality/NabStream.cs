using KappaAspire.Bench.Nab;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Bench.Quality;

/// <summary>
/// One NAB file through the product: the file is one sensor whose value is the power reading (it has no temperature or
/// humidity, so those are constant: uninformative). The probationary rows are the first training data, as NAB intends;
/// then each row is scored by the model serving at the time, retrained as the log grows. Labels never reach training.
/// </summary>
internal static class NabStream
{

    public sealed record FileResult(double[] Scores, bool[] Alarms, int Trainings);

    /// <param name="training">The trainer's settings; NAB files are short, so the first model may train on the probationary rows alone.</param>
    public static FileResult Run(NabFile file, DetectorTrainingOptions training)
    {
        var sensor = SensorId(file.Key);
        var log = Enumerable.Range(0, file.RowCount).Select(i => new LabeledReading(
            new SensorReading(sensor, new DateTimeOffset(DateTime.SpecifyKind(file.Timestamps[i], DateTimeKind.Utc)), 20, 50, file.Values[i]),
            Truth: null));
        var result = StreamingEvaluation.Run(log, new StreamingEvaluation.RetrainPolicy(Math.Max(file.ProbationaryRows, 1)), training with { MinimumExamples = 100 }, useLabels: false);

        var scores = new double[file.RowCount];
        var alarms = new bool[file.RowCount];
        for (var i = file.ProbationaryRows; i < file.RowCount; i++)
        {
            var outcome = result.Outcomes[i];
            scores[i] = outcome.Severity;
            alarms[i] = outcome.Alarm;
        }

        return new FileResult(scores, alarms, result.Trainings.Count);
    }

    private static string SensorId(string key) => Path.GetFileNameWithoutExtension(key);
}
