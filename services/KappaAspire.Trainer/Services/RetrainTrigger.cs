using System.Globalization;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Trainer.Api;

namespace KappaAspire.Trainer.Services;

/// <summary>
/// Whether the log has grown enough since the serving model's training window to retrain before the schedule's next run.
/// Counts records from offsets alone (watermarks now, the model's <see cref="ModelMetadata.TrainingRanges"/>): no replay.
/// </summary>
/// <param name="factor">Retrain when the log holds this many times the basis; 0 never retrains.</param>
/// <param name="minimumNewRecords">…and at least this many records arrived after the served window.</param>
/// <param name="ceiling">…and the serving model was trained on fewer records than this.</param>
internal sealed class RetrainTrigger(double factor, long minimumNewRecords, long ceiling)
{
    public static RetrainTrigger From(TrainerOptions options) =>
        new(options.RetrainGrowthFactor, options.RetrainMinimumNewReadings, options.RetrainGrowthCeiling);

    public bool Enabled => factor > 0;

    /// <param name="servingVersion">The serving model, named in the reason.</param>
    /// <param name="servedRanges">The offsets it was trained on, per partition (inclusive).</param>
    /// <param name="lastRunRecords">Records in the last completed run's plan, whatever its outcome; 0 when there was none.</param>
    /// <param name="log">The log now: low and high watermark per partition.</param>
    /// <param name="checkedAt">When <paramref name="log"/> was taken.</param>
    public GrowthCheck Decide(
        string servingVersion, IReadOnlyList<OffsetRange> servedRanges, long lastRunRecords, IReadOnlyList<PartitionWatermark> log, DateTimeOffset checkedAt)
    {
        var served = servedRanges.Sum(r => r.LastOffset - r.FirstOffset + 1);
        var logRecords = log.Sum(w => w.High - w.Low);
        var newRecords = log.Sum(w => w.High - FirstNewOffset(w, servedRanges));
        var basis = Math.Max(served, lastRunRecords);
        var basisText = basis > served
            ? Format($"the {basis:N0} records of the last run")
            : Format($"the {served:N0} records {servingVersion} was trained on");
        // Rounded down, so a log just short of the factor never reads as having reached it.
        var ratio = basis > 0 ? Math.Floor(100.0 * logRecords / basis) / 100 : double.PositiveInfinity;

        string reason;
        var retrain = false;
        if (!Enabled)
        {
            reason = "growth-triggered retraining is off (Trainer:RetrainGrowthFactor = 0)";
        }
        else if (served >= ceiling)
        {
            reason = Format($"{servingVersion} was trained on {served:N0} records, at least Trainer:RetrainGrowthCeiling ({ceiling:N0}): the schedule decides");
        }
        else if (logRecords < factor * basis)
        {
            reason = Format($"the log holds {logRecords:N0} records, {ratio:0.0#}× {basisText}; growth retrains at {factor:0.##}×");
        }
        else if (newRecords < minimumNewRecords)
        {
            reason = Format($"only {newRecords:N0} records arrived after {servingVersion}'s training window; growth retrains after {minimumNewRecords:N0}");
        }
        else
        {
            retrain = true;
            reason = Format($"the log holds {logRecords:N0} records, {ratio:0.0#}× {basisText} ({newRecords:N0} new; growth retrains at {factor:0.##}×)");
        }

        return new GrowthCheck(checkedAt, servingVersion, served, basis, logRecords, newRecords, retrain, reason);
    }

    // Retention may have removed the start of the log, and a partition the model never saw is new from its low watermark.
    private static long FirstNewOffset(PartitionWatermark partition, IReadOnlyList<OffsetRange> servedRanges)
    {
        foreach (var range in servedRanges)
        {
            if (range.Partition == partition.Partition)
            {
                return Math.Clamp(range.LastOffset + 1, partition.Low, partition.High);
            }
        }

        return partition.Low;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
