using KappaAspire.Pipeline.Features;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// How long a sensor's power normally repeats exactly: the survival <c>S(ℓ) = P(run ≥ ℓ)</c> of the run of equal values
/// ending at a reading, learnt from its history. A quantized meter repeats all the time and a stuck run must be long
/// for it to surprise; a continuous meter almost never repeats, so a second equal value already does.
/// </summary>
public static class RepeatRuns
{
    /// <summary>Longest run told apart: the window plus the current reading.</summary>
    public const int MaxRun = FeatureSchema.WindowSize + 1;

    /// <summary>
    /// The run of equal values ending at the current reading (1 when it differs from the previous one). Zeros make no run:
    /// a meter reading nothing is switched off or idle, not stuck (a frozen meter holds its last value); the drop to zero
    /// is for the point and shift signals to judge.
    /// </summary>
    public static int Current(in FeatureVector features, double power) =>
        features.History > 0 && power == features.PreviousPower && power != 0 ? Math.Min(features.Context.PreviousRun + 1, MaxRun) : 1;

    /// <summary>
    /// Smoothed survival from counts of readings by run length (<paramref name="counts"/>[ℓ] = readings whose run is ℓ,
    /// index 0 unused). Each continuation probability <c>h(ℓ) = P(run ≥ ℓ+1 | run ≥ ℓ)</c> is estimated with one pseudo
    /// observation of the previous level's rate, so lengths never seen get a small but finite probability that keeps
    /// falling with length, rather than zero or a flat floor.
    /// </summary>
    public static double[] Survival(ReadOnlySpan<long> counts) => Survival(counts, RepeatPrior.Uninformative);

    /// <summary>
    /// As <see cref="Survival(ReadOnlySpan{long})"/>, the first continuation (a second equal value) estimated with
    /// <paramref name="prior"/>'s pseudo observations: a sensor's few thousand readings cannot tell a 1-in-10⁵ repeat from
    /// a 1-in-10⁴ one, a fleet that agrees can.
    /// </summary>
    public static double[] Survival(ReadOnlySpan<long> counts, RepeatPrior prior)
    {
        var atLeast = new double[MaxRun + 2];
        for (var run = MaxRun; run >= 1; run--)
        {
            atLeast[run] = atLeast[run + 1] + (run < counts.Length ? counts[run] : 0);
        }

        var survival = new double[MaxRun + 1];
        survival[1] = 1;
        var hazard = (atLeast[2] + prior.Rate * prior.Strength) / (atLeast[1] + prior.Strength);
        for (var run = 2; run <= MaxRun; run++)
        {
            survival[run] = survival[run - 1] * hazard;
            hazard = (atLeast[run + 1] + hazard) / (atLeast[run] + 1);
        }

        return survival;
    }

    /// <summary>Readings that have a previous one, and readings that repeat it, from run counts.</summary>
    internal static (long Readings, long Repeats) FirstRepeats(ReadOnlySpan<long> counts)
    {
        long readings = 0, repeats = 0;
        for (var run = 1; run < counts.Length; run++)
        {
            readings += counts[run];
            repeats += run >= 2 ? counts[run] : 0;
        }

        return (readings, repeats);
    }

    /// <summary>The run's surprise on the z scale of the other signals: the z whose two-sided tail is <c>S(run)</c>.</summary>
    public static double Score(IReadOnlyList<double> survival, int run) =>
        run <= 1 ? 0 : StandardNormal.TwoSidedZ(survival[Math.Min(run, survival.Count - 1)]);
}
