using KappaAspire.Pipeline.Model;

namespace KappaAspire.Bench.Quality;

/// <summary>The product's figures over what a stream scored: every scored reading with ground truth counts.</summary>
internal static class StreamMetrics
{
    public static EvaluationMetrics Of(IEnumerable<StreamingEvaluation.Outcome> outcomes)
    {
        var tally = new EvaluationTally();
        foreach (var outcome in outcomes.Where(o => o.Scored))
        {
            tally.Add(outcome.Alarm, outcome.Truth);
        }

        return tally.ToMetrics();
    }

    /// <summary>False alarms per 1,000 normal readings (all alarms per 1,000 readings when nothing is labelled).</summary>
    public static double AlarmsPerThousandNormal(EvaluationMetrics metrics) =>
        1000 * (metrics.FalseAlarmRate?.Value ?? metrics.AlarmRate);
}
