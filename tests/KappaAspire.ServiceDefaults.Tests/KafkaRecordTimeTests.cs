using Confluent.Kafka;
using Microsoft.Extensions.Hosting;

namespace KappaAspire.ServiceDefaults.Tests;

public sealed class KafkaRecordTimeTests
{
    private static readonly DateTimeOffset Stamped = new(2025, 12, 1, 8, 30, 0, 123, TimeSpan.Zero);

    [Theory]
    [InlineData(TimestampType.CreateTime)]
    [InlineData(TimestampType.LogAppendTime)]
    public void A_create_or_log_append_time_is_the_record_time(TimestampType type)
    {
        Assert.Equal(Stamped, new Timestamp(Stamped.ToUnixTimeMilliseconds(), type).RecordTime());
    }

    [Theory]
    [InlineData(TimestampType.NotAvailable, 1_764_577_800_123)]
    [InlineData(TimestampType.CreateTime, -1)]
    [InlineData(TimestampType.CreateTime, long.MaxValue)]
    public void A_record_without_a_timestamp_a_date_can_hold_has_no_record_time(TimestampType type, long unixMilliseconds)
    {
        Assert.Null(new Timestamp(unixMilliseconds, type).RecordTime());
    }
}
