using System.Globalization;
using KappaAspire.Pipeline.Model.Monitoring;
using KappaAspire.Trainer.Api;

namespace KappaAspire.Trainer.Services;

/// <summary>
/// Whether the serving model's live scores have drifted far enough from its score reference to retrain: a PSI of at least
/// the threshold over at least the minimum of its predictions, and no drift-triggered run within the cool-down.
/// </summary>
/// <param name="threshold">PSI from which to retrain; 0 never retrains.</param>
/// <param name="cooldown">Least time between two drift-triggered runs.</param>
internal sealed class DriftTrigger(double threshold, TimeSpan cooldown)
{
    public static DriftTrigger From(TrainerOptions options) => new(options.DriftRetrainThreshold, options.DriftCooldown);

    public bool Enabled => threshold > 0;

    /// <param name="servingVersion">The serving model, named in the reason.</param>
    /// <param name="quality">Its live figures, from its own predictions only.</param>
    /// <param name="lastDriftRun">When drift last started a run; null if never.</param>
    /// <param name="now">When the check is made.</param>
    public DriftCheck Decide(string servingVersion, LiveQuality quality, DateTimeOffset? lastDriftRun, DateTimeOffset now)
    {
        var readings = quality.DriftReadings;
        string reason;
        var retrain = false;
        if (!Enabled)
        {
            reason = "drift-triggered retraining is off (Trainer:DriftRetrainThreshold = 0)";
        }
        else if (!quality.HasReference)
        {
            reason = $"{servingVersion} carries no score reference (packaged before drift was measured): its drift is not known";
        }
        else if (quality.Drift is not { } psi)
        {
            reason = Format($"{readings:N0} readings of {servingVersion} so far; drift is judged from {quality.DriftMinimumReadings:N0} (Trainer:DriftMinimumReadings)");
        }
        else if (psi < threshold)
        {
            reason = Format($"PSI {psi:0.00} < {threshold:0.00##} over {readings:N0} readings of {servingVersion}");
        }
        else if (lastDriftRun is { } last && now - last < cooldown)
        {
            reason = Format($"PSI {psi:0.00} ≥ {threshold:0.00##} over {readings:N0} readings of {servingVersion}, but drift started a run at {last:u}; the next may start {cooldown} after it (Trainer:DriftCooldown)");
        }
        else
        {
            retrain = true;
            reason = Format($"drift: PSI {psi:0.00} ≥ {threshold:0.00##} over {readings:N0} readings of {servingVersion}");
        }

        return new DriftCheck(now, servingVersion, readings, quality.Drift, threshold, retrain, reason);
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
