using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.ServiceDefaults.Kafka;

namespace KappaAspire.Viewer.LogView;

/// <summary>
/// Reads a page of records of one partition from an offset or a time, assign-only (never joins or commits a group), and
/// shows keys, headers and values as text where they are text. One read at a time: it shares one consumer.
/// </summary>
internal sealed class RecordBrowser : IDisposable
{
    public const int MaxRecords = 200;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly Lock _gate = new();

    public RecordBrowser(IConfiguration configuration)
    {
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaConnection.Apply(configuration, new ConsumerConfig
        {
            GroupId = "kappa-viewer-log-view", EnableAutoCommit = false, EnablePartitionEof = true, ClientId = "viewer-record-browser",
        })).Build();
    }

    /// <summary>Up to <paramref name="limit"/> records from <paramref name="offset"/>, or from the first at or after <paramref name="time"/>.</summary>
    /// <exception cref="ArgumentException">The partition does not exist.</exception>
    public RecordsView Read(string topic, int partition, long? offset, DateTimeOffset? time, int limit)
    {
        limit = Math.Clamp(limit, 1, MaxRecords);
        var tp = new TopicPartition(topic, partition);
        lock (_gate)
        {
            var watermarks = _consumer.QueryWatermarkOffsets(tp, Timeout);
            var from = time is { } at
                ? _consumer.OffsetsForTimes([new TopicPartitionTimestamp(tp, new Timestamp(at))], Timeout).Single().Offset is { IsSpecial: false } found
                    ? found.Value
                    : watermarks.High.Value
                : offset ?? watermarks.Low.Value;
            from = Math.Clamp(from, watermarks.Low.Value, watermarks.High.Value);
            var records = from < watermarks.High.Value ? ConsumeFrom(new TopicPartitionOffset(tp, from), watermarks.High.Value, limit).Select(View).ToList() : [];
            return new RecordsView(topic, partition, from, watermarks.Low.Value, watermarks.High.Value, records);
        }
    }

    /// <summary>The record at <paramref name="offset"/> exactly as stored; null when the partition holds no such offset.</summary>
    public Message<byte[]?, byte[]?>? ReadOne(string topic, int partition, long offset)
    {
        var tp = new TopicPartition(topic, partition);
        lock (_gate)
        {
            var watermarks = _consumer.QueryWatermarkOffsets(tp, Timeout);
            if (offset < watermarks.Low.Value || offset >= watermarks.High.Value) return null;
            var read = ConsumeFrom(new TopicPartitionOffset(tp, offset), watermarks.High.Value, 1);
            if (read.Count == 0) throw new TimeoutException($"{topic}-{partition} offset {offset} was not read within {Timeout.TotalSeconds:F0} s.");
            return read[0].Offset.Value == offset ? read[0].Message : null; // compacted away: the next offset came instead
        }
    }

    /// <summary>Up to <paramref name="limit"/> records from <paramref name="start"/>, stopping before <paramref name="end"/>; call under the gate.</summary>
    private List<ConsumeResult<byte[]?, byte[]?>> ConsumeFrom(TopicPartitionOffset start, long end, int limit)
    {
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        _consumer.Assign(start);
        try
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (records.Count < limit && DateTime.UtcNow < deadline)
            {
                var result = _consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null) continue;
                if (result.IsPartitionEOF) break;
                records.Add(result);
                if (result.Offset.Value >= end - 1) break;
            }
        }
        finally
        {
            _consumer.Unassign();
        }
        return records;
    }

    private static RecordView View(ConsumeResult<byte[]?, byte[]?> result)
    {
        var message = result.Message;
        var (key, keyEncoding) = Text(message.Key);
        var headers = (message.Headers ?? []).Select(h => new HeaderView(h.Key, Text(h.GetValueBytes()).Text)).ToList();
        var (value, valueEncoding) = Text(message.Value);
        if (valueEncoding == "utf8" && TryIndent(value!) is { } json) (value, valueEncoding) = (json, "json");
        var timestamp = message.Timestamp.Type == TimestampType.NotAvailable ? (DateTimeOffset?)null : message.Timestamp.UtcDateTime;
        return new RecordView(result.Offset.Value, timestamp, key, keyEncoding, headers, value, valueEncoding);
    }

    private static (string? Text, string Encoding) Text(byte[]? bytes)
    {
        if (bytes is null) return (null, "null");
        try
        {
            return (StrictUtf8.GetString(bytes), "utf8");
        }
        catch (DecoderFallbackException)
        {
            return (Convert.ToBase64String(bytes), "base64");
        }
    }

    private static string? TryIndent(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _consumer.Dispose();
}
