using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Model;

namespace KappaAspire.Bench.Quality;

/// <summary>The product's figures over what a stream scored: every scored reading with ground truth counts.</summary>
internal static class StreamMetrics
{
    public static EvaluationMetrics Of(IEnumerable<StreamingEvaluation.Outcome> outcomes)
    {
        int examples = 0, alarms = 0, tp = 0, fp = 0, fn = 0, tn = 0;
        var kinds = new Dictionary<string, (int Found, int Total)>(StringComparer.Ordinal);
        foreach (var outcome in outcomes.Where(o => o.Scored))
        {
            examples++;
            alarms += outcome.Alarm ? 1 : 0;
            if (outcome.Truth is not { } truth)
            {
                continue;
            }

            if (!truth.IsAnomaly)
            {
                (fp, tn) = outcome.Alarm ? (fp + 1, tn) : (fp, tn + 1);
                continue;
            }

            (tp, fn) = outcome.Alarm ? (tp + 1, fn) : (tp, fn + 1);
            var kind = truth.ToLabel();
            var (found, total) = kinds.GetValueOrDefault(kind);
            kinds[kind] = (found + (outcome.Alarm ? 1 : 0), total + 1);
        }

        var byKind = kinds.ToDictionary(k => k.Key, k => Proportion.Of(k.Value.Found, k.Value.Total)!, StringComparer.Ordinal);
        return EvaluationMetrics.From(examples, alarms, tp, fp, fn, tn, meanAbsoluteError: 0, byKind);
    }

    /// <summary>False alarms per 1,000 normal readings (all alarms per 1,000 readings when nothing is labelled).</summary>
    public static double AlarmsPerThousandNormal(EvaluationMetrics metrics) =>
        1000 * (metrics.FalseAlarmRate?.Value ?? metrics.AlarmRate);
}
