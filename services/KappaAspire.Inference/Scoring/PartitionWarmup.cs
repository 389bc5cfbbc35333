using System.Diagnostics;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Scoring;

/// <summary>What a warm-up read and built.</summary>
/// <param name="FromOffset">First offset read back.</param>
/// <param name="Records">Records read.</param>
/// <param name="Sensors">Sensors with state afterwards.</param>
/// <param name="IncompleteSensors">
/// Sensors with fewer than <see cref="FeatureSchema.WarmupWindow"/> readings in the window while older records exist
/// before it: their first predictions may differ from an uninterrupted consumer's.
/// </param>
/// <param name="Complete">False when the read timed out or failed before reaching the position.</param>
internal readonly record struct WarmupResult(long FromOffset, int Records, int Sensors, int IncompleteSensors, bool Complete)
{
    public static WarmupResult Nothing(long position) => new(position, 0, 0, 0, true);
}

/// <summary>
/// Rebuilds the per-sensor feature state of a newly assigned partition from the log, so that scoring resumed from
/// the committed position gives the vectors an uninterrupted consumer would have computed.
/// </summary>
/// <remarks>
/// Reads the <see cref="InferenceOptions.WarmupRecords"/> (K) records before the position with an assign-only
/// consumer (it never joins the group nor commits) and replays the valid readings through
/// <see cref="SensorStateStore.Warm"/>. Each sensor's ring keeps its last <see cref="FeatureSchema.WarmupWindow"/>
/// readings, which is all a feature depends on, so the state is exact for every sensor with at least that many
/// readings among the K (or whose whole history is among them). A sensor reporting rarely relative to the others on its
/// partition, or more than K / 32 sensors per partition, needs a larger K; such sensors are counted and logged.
/// Runs on the consume loop inside the assignment callback, before the partition's first record is fetched.
/// </remarks>
internal sealed partial class PartitionWarmup(
    IConsumer<Ignore, byte[]> reader,
    IOptions<InferenceOptions> options,
    ILogger<PartitionWarmup> logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public WarmupResult Warm(TopicPartition partition, long position, SensorStateStore store)
    {
        var settings = options.Value;
        if (settings.WarmupRecords == 0 || position <= 0)
        {
            return WarmupResult.Nothing(position);
        }

        var deadline = Stopwatch.StartNew();
        WatermarkOffsets watermarks;
        try
        {
            watermarks = reader.QueryWatermarkOffsets(partition, settings.WarmupTimeout);
        }
        catch (KafkaException ex)
        {
            LogWarmupFailed(logger, partition.Partition.Value, position, ex.Error.Reason, ex);
            return new WarmupResult(position, 0, 0, 0, false);
        }

        var from = Math.Max(watermarks.Low.Value, position - settings.WarmupRecords);
        if (from >= position)
        {
            return WarmupResult.Nothing(position);
        }

        var readings = new List<SensorReading>((int)(position - from));
        var records = 0;
        var complete = false;
        reader.Assign(new TopicPartitionOffset(partition, from));
        try
        {
            while (deadline.Elapsed < settings.WarmupTimeout)
            {
                var result = reader.Consume(PollInterval);
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF || result.Offset.Value >= position)
                {
                    complete = true;
                    break;
                }

                records++;
                // Rejected records never entered any sensor's state on the live path either.
                if (ReadingParser.TryParse(result.Message.Value, result.Message.Timestamp.RecordTime(), out var reading, out _))
                {
                    readings.Add(reading);
                }

                if (result.Offset.Value == position - 1)
                {
                    complete = true;
                    break;
                }
            }
        }
        catch (ConsumeException ex)
        {
            LogWarmupFailed(logger, partition.Partition.Value, position, ex.Error.Reason, ex);
        }
        finally
        {
            reader.Unassign();
        }

        store.Warm(readings);

        // Only when older records exist can a short history mean missing state rather than a new sensor.
        var incomplete = 0;
        if (from > watermarks.Low.Value)
        {
            foreach (var sensorId in store.SensorIds)
            {
                if (store.TryGet(sensorId, out var state) && state.Count < FeatureSchema.WarmupWindow)
                {
                    incomplete++;
                }
            }
        }

        var warmup = new WarmupResult(from, records, store.Count, incomplete, complete);
        if (!complete)
        {
            LogWarmupIncomplete(logger, partition.Partition.Value, records, from, position, settings.WarmupTimeout);
        }
        else if (incomplete > 0)
        {
            LogWarmupTooShort(logger, partition.Partition.Value, incomplete, store.Count, settings.WarmupRecords, FeatureSchema.WarmupWindow);
        }

        LogWarmedUp(logger, partition.Partition.Value, records, from, position, store.Count, deadline.Elapsed.TotalMilliseconds);
        return warmup;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information,
        Message = "Warmed partition {Partition}: {Records} records [{From}, {Position}) → state of {Sensors} sensors in {ElapsedMs:F0} ms")]
    private static partial void LogWarmedUp(ILogger logger, int partition, int records, long from, long position, int sensors, double elapsedMs);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "Partition {Partition}: {Incomplete} of {Sensors} sensors have fewer than {Window} readings in the last {WarmupRecords} records; their first predictions may differ from an uninterrupted consumer's (raise Inference:WarmupRecords)")]
    private static partial void LogWarmupTooShort(ILogger logger, int partition, int incomplete, int sensors, int warmupRecords, int window);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning,
        Message = "Partition {Partition}: warm-up read only {Records} records of [{From}, {Position}) within {Timeout}; scoring resumes with partial state")]
    private static partial void LogWarmupIncomplete(ILogger logger, int partition, int records, long from, long position, TimeSpan timeout);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error,
        Message = "Partition {Partition}: warm-up before offset {Position} failed ({Reason}); scoring resumes with cold feature state")]
    private static partial void LogWarmupFailed(ILogger logger, int partition, long position, string reason, Exception exception);
}
