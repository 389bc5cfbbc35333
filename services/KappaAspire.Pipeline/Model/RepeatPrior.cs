namespace KappaAspire.Pipeline.Model;

/// <summary>
/// What a fleet says about how often a sensor repeats its previous value, as <paramref name="Strength"/> pseudo readings
/// at rate <paramref name="Rate"/> (a beta prior). Fitted by the method of moments: when the sensors' own rates scatter no
/// more than sampling explains, the fleet is one population and its pooled rate speaks for each sensor; when they differ
/// (quantized and continuous meters side by side) the prior is weak and each sensor's history decides.
/// </summary>
public readonly record struct RepeatPrior(double Rate, double Strength)
{
    /// <summary>Half a pseudo repeat in one pseudo reading: never seen is rare, not impossible.</summary>
    public static readonly RepeatPrior Uninformative = new(0.5, 1);

    /// <param name="sensors">Per sensor: readings that have a previous one, and how many of them repeat it exactly.</param>
    public static RepeatPrior FromFleet(IReadOnlyCollection<(long Readings, long Repeats)> sensors)
    {
        var total = sensors.Sum(s => (double)s.Readings);
        if (sensors.Count < 2 || total == 0)
        {
            return Uninformative;
        }

        var rate = (sensors.Sum(s => (double)s.Repeats) + 0.5) / (total + 1);
        var scatter = sensors.Sum(s => s.Readings * Math.Pow((double)s.Repeats / Math.Max(1, s.Readings) - rate, 2)) / total;
        var sampling = rate * (1 - rate) * (sensors.Count - 1) / total;
        var between = scatter - sampling;
        var strength = between <= 0 ? total : Math.Clamp(rate * (1 - rate) / between - 1, 1, total);
        return new RepeatPrior(rate, strength);
    }
}
