using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Trainer.Api;

namespace KappaAspire.Trainer.Services;

/// <summary>What a replay will read: every partition of <paramref name="Topic"/> from its low to its high watermark, as of the plan.</summary>
internal sealed record ReplayPlan(string Topic, IReadOnlyList<PartitionWatermark> Watermarks)
{
    public long RecordCount => Watermarks.Sum(w => w.High - w.Low);
}

/// <summary>The examples a replay built, in log order per partition, and what it read.</summary>
internal sealed record ReplayResult(
    ReplayPlan Plan,
    List<LabeledExample> Examples,
    IReadOnlyList<OffsetRange> Ranges,
    long Records,
    long Readings,
    long InvalidRecords,
    long LabeledReadings,
    TimeSpan Duration)
{
    public long WarmReadings => Examples.Count;

    public double ReadingsPerSecond => Duration > TimeSpan.Zero ? Records / Duration.TotalSeconds : 0;

    public ReplayStatistics ToStatistics() => new(
        Records, Readings, InvalidRecords, WarmReadings, LabeledReadings, Duration.TotalSeconds, ReadingsPerSecond, Plan.Watermarks, Ranges);
}
