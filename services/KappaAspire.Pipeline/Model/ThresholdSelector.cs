namespace KappaAspire.Pipeline.Model;

/// <summary>Chooses the anomaly threshold from validation scores.</summary>
public static class ThresholdSelector
{
    /// <summary>
    /// The threshold that maximizes F1 against the labels: halfway between the lowest score flagged at the best
    /// cut and the next score below it, so small score shifts on new data do not flip the boundary cases.
    /// Returns null when there is no positive label to aim at.
    /// </summary>
    public static (double Threshold, double F1)? MaximizeF1(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(labels.Count, scores.Count, nameof(labels));
        var positives = labels.Count(l => l);
        if (positives == 0)
        {
            return null;
        }

        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        int truePositives = 0, falsePositives = 0;
        var bestF1 = -1.0;
        var bestThreshold = double.PositiveInfinity;
        for (var i = 0; i < order.Length; i++)
        {
            if (labels[order[i]])
            {
                truePositives++;
            }
            else
            {
                falsePositives++;
            }

            var score = scores[order[i]];
            var next = i + 1 < order.Length ? scores[order[i + 1]] : double.NegativeInfinity;
            if (next == score)
            {
                continue; // a cut cannot separate equal scores
            }

            var f1 = 2.0 * truePositives / (truePositives + falsePositives + positives);
            if (f1 > bestF1)
            {
                bestF1 = f1;
                bestThreshold = double.IsNegativeInfinity(next) ? score / 2 : (score + next) / 2;
            }
        }

        return (bestThreshold, bestF1);
    }

    /// <summary>The score at <paramref name="quantile"/> (e.g. 0.995): the fallback when nothing is labelled.</summary>
    public static double Quantile(IReadOnlyList<double> scores, double quantile)
    {
        if (scores.Count == 0)
        {
            throw new ArgumentException("No scores to take a quantile of.", nameof(scores));
        }

        var sorted = scores.Order().ToArray();
        var index = (int)Math.Clamp(Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index];
    }
}
