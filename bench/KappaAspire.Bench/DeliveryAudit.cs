using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Bench;

/// <summary>
/// Every valid reading of <c>iot_raw_data</c> against the predictions of <c>iot_predictions</c>, matched by the
/// prediction's source partition and offset: what went in, what came out, what is missing, what came out twice.
/// </summary>
internal static class DeliveryAudit
{
    public sealed record Result(long Readings, long Invalid, long Predictions, long Missing, long Duplicates, long DeadLetters);

    public static Result Run(string bootstrap, int partitions)
    {
        // Predictions per source offset, per partition (a byte is plenty: a duplicate is a duplicate).
        var rawHigh = HighWatermarks(bootstrap, Topics.RawData, partitions);
        var seen = rawHigh.Select(h => new byte[h]).ToArray();
        long predictions = 0, duplicates = 0;
        ReadAll(bootstrap, Topics.Predictions, HighWatermarks(bootstrap, Topics.Predictions, partitions), (_, value) =>
        {
            predictions++;
            var prediction = JsonSerializer.Deserialize(value, PipelineJsonContext.Default.Prediction)
                ?? throw new InvalidDataException("A null prediction in " + Topics.Predictions);
            if (prediction.SourcePartition >= partitions || prediction.SourceOffset >= seen[prediction.SourcePartition].Length)
                throw new InvalidDataException($"A prediction for {prediction.SourcePartition}/{prediction.SourceOffset}, beyond the readings.");
            ref var count = ref seen[prediction.SourcePartition][prediction.SourceOffset];
            if (count > 0) duplicates++;
            if (count < byte.MaxValue) count++;
        });

        long readings = 0, invalid = 0, missing = 0;
        ReadAll(bootstrap, Topics.RawData, rawHigh, (result, value) =>
        {
            // Judged as inference judged it: against the record's own timestamp.
            var recorded = result.Message.Timestamp is { Type: not TimestampType.NotAvailable } stamp ? DateTimeOffset.FromUnixTimeMilliseconds(stamp.UnixTimestampMs) : (DateTimeOffset?)null;
            if (!ReadingParser.TryParse(value, recorded, out _, out _))
            {
                invalid++; // goes to the dead-letter topic, never gets a prediction
                return;
            }
            readings++;
            if (seen[result.Partition.Value][result.Offset.Value] == 0) missing++;
        });
        var deadLetters = HighWatermarks(bootstrap, Topics.DeadLetter, 1).Sum();
        return new Result(readings, invalid, predictions, missing, duplicates, deadLetters);
    }

    private static long[] HighWatermarks(string bootstrap, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-audit" }).Build();
        return Enumerable.Range(0, partitions)
            .Select(p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10)).High.Value)
            .ToArray();
    }

    /// <summary>Reads every partition from its beginning up to <paramref name="high"/> (excluded).</summary>
    private static void ReadAll(string bootstrap, string topic, long[] high, Action<ConsumeResult<Ignore, byte[]>, byte[]> onRecord)
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-audit",
            EnableAutoCommit = false,
            EnablePartitionEof = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, high.Length).Where(p => high[p] > 0).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var remaining = high.Count(h => h > 0);
        var stalledSince = DateTime.UtcNow;
        while (remaining > 0)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result?.Message is null)
            {
                if (DateTime.UtcNow - stalledSince > TimeSpan.FromSeconds(30))
                    throw new TimeoutException($"Reading {topic} back stalled with {remaining} partitions unfinished.");
                continue;
            }
            stalledSince = DateTime.UtcNow;
            var partition = result.Partition.Value;
            if (result.Offset.Value >= high[partition]) continue;
            onRecord(result, result.Message.Value);
            if (result.Offset.Value == high[partition] - 1) remaining--;
        }
    }
}
