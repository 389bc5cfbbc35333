using Confluent.Kafka;

namespace Microsoft.Extensions.Hosting;

/// <summary>A record's timestamp as the pipeline judges readings by it (<c>ReadingValidator</c>'s reference time).</summary>
public static class KafkaRecordTimeExtensions
{
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>
    /// The producer's create time or the broker's log-append time, whichever the topic keeps. Null when the record carries
    /// none: a consumer whose <c>consume.result.fields</c> leaves out <c>timestamp</c>, Kafka's "no timestamp" (-1), or a
    /// value no date can hold (a producer may set any 64-bit number).
    /// </summary>
    public static DateTimeOffset? RecordTime(this Timestamp timestamp)
    {
        var ms = timestamp.UnixTimestampMs;
        return timestamp.Type != TimestampType.NotAvailable && ms >= 0 && ms <= MaxUnixMilliseconds
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
    }
}
