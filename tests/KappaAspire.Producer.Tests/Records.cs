using System.Text;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;
using Microsoft.Extensions.Hosting;

namespace KappaAspire.Producer.Tests;

/// <summary>Reading what a consumer of <c>iot_raw_data</c> would read from a record.</summary>
internal static class Records
{
    public static SensorReading Reading(this ConsumeResult<string, byte[]> record)
    {
        Assert.True(ReadingParser.TryParse(record.Message.Value, record.Message.Timestamp.RecordTime(), out var reading, out var error), error);
        return reading;
    }

    public static string? Header(this ConsumeResult<string, byte[]> record, string name) =>
        record.Message.Headers is { } headers && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;

    public static GroundTruth? Truth(this ConsumeResult<string, byte[]> record) =>
        record.Header(PipelineHeaders.Truth) is { } value ? GroundTruth.Parse(value) : null;
}
