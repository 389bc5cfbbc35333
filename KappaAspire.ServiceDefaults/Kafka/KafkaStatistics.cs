using System.Buffers;
using System.Text;
using System.Text.Json;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>The part of one librdkafka statistics report (STATISTICS.md) that the <c>KappaAspire.Kafka</c> meter exports.</summary>
/// <param name="Name">Handle instance name, unique per client in the process (e.g. <c>rdkafka#producer-1</c>).</param>
/// <param name="ClientId">The configured <c>client.id</c>.</param>
/// <param name="Type"><c>producer</c> or <c>consumer</c>.</param>
/// <param name="ReplyQueue"><c>replyq</c>: operations waiting for the application to poll.</param>
/// <param name="MessageCount"><c>msg_cnt</c>: messages in the producer queues.</param>
/// <param name="MessageSize"><c>msg_size</c>: bytes in the producer queues.</param>
/// <param name="TxMessages"><c>txmsgs</c>: messages sent to brokers (total).</param>
/// <param name="TxMessageBytes"><c>txmsg_bytes</c>: message bytes sent to brokers (total).</param>
/// <param name="RxMessages"><c>rxmsgs</c>: messages consumed from brokers (total).</param>
/// <param name="RxMessageBytes"><c>rxmsg_bytes</c>: message bytes consumed from brokers (total).</param>
/// <param name="Partitions">Per-partition consumer lag, only for real partitions with a known lag.</param>
internal sealed record KafkaStatistics(
    string Name,
    string ClientId,
    string Type,
    long ReplyQueue,
    long MessageCount,
    long MessageSize,
    long TxMessages,
    long TxMessageBytes,
    long RxMessages,
    long RxMessageBytes,
    IReadOnlyList<KafkaPartitionLag> Partitions)
{
    /// <summary>Parses a statistics JSON document; fields it does not use are skipped without being materialized.</summary>
    /// <exception cref="JsonException">The text is not a statistics object.</exception>
    public static KafkaStatistics Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);

        // Reports can be hundreds of kilobytes with many partitions and arrive every second: parse from pooled UTF-8
        // with a forward-only reader instead of building a DOM.
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(json));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length));
            return ReadRoot(ref reader);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static KafkaStatistics ReadRoot(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("librdkafka statistics must be a JSON object.");
        }

        string name = "", clientId = "", type = "";
        long replyQueue = 0, messageCount = 0, messageSize = 0, txMessages = 0, txBytes = 0, rxMessages = 0, rxBytes = 0;
        var partitions = new List<KafkaPartitionLag>();

        while (ReadProperty(ref reader))
        {
            if (reader.ValueTextEquals("name"u8)) { name = ReadString(ref reader); }
            else if (reader.ValueTextEquals("client_id"u8)) { clientId = ReadString(ref reader); }
            else if (reader.ValueTextEquals("type"u8)) { type = ReadString(ref reader); }
            else if (reader.ValueTextEquals("replyq"u8)) { replyQueue = ReadInt64(ref reader); }
            else if (reader.ValueTextEquals("msg_cnt"u8)) { messageCount = ReadInt64(ref reader); }
            else if (reader.ValueTextEquals("msg_size"u8)) { messageSize = ReadInt64(ref reader); }
            else if (reader.ValueTextEquals("txmsgs"u8)) { txMessages = ReadInt64(ref reader); }
            else if (reader.ValueTextEquals("txmsg_bytes"u8)) { txBytes = ReadInt64(ref reader); }
            else if (reader.ValueTextEquals("rxmsgs"u8)) { rxMessages = ReadInt64(ref reader); }
            else if (reader.ValueTextEquals("rxmsg_bytes"u8)) { rxBytes = ReadInt64(ref reader); }
            else if (reader.ValueTextEquals("topics"u8)) { ReadTopics(ref reader, partitions); }
            else { SkipValue(ref reader); }
        }

        return new KafkaStatistics(name, clientId, type, replyQueue, messageCount, messageSize,
            txMessages, txBytes, rxMessages, rxBytes, partitions);
    }

    // "topics": { "<topic>": { ..., "partitions": { "<id>": { ... } } } }
    private static void ReadTopics(ref Utf8JsonReader reader, List<KafkaPartitionLag> partitions)
    {
        ExpectStartObject(ref reader);
        while (ReadProperty(ref reader))
        {
            var topic = reader.GetString() ?? "";
            ExpectStartObject(ref reader);
            while (ReadProperty(ref reader))
            {
                if (reader.ValueTextEquals("partitions"u8))
                {
                    ReadPartitions(ref reader, topic, partitions);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }
        }
    }

    private static void ReadPartitions(ref Utf8JsonReader reader, string topic, List<KafkaPartitionLag> partitions)
    {
        ExpectStartObject(ref reader);
        while (ReadProperty(ref reader))
        {
            ExpectStartObject(ref reader);
            int partition = -1;
            long lag = -1;
            while (ReadProperty(ref reader))
            {
                if (reader.ValueTextEquals("partition"u8)) { partition = (int)ReadInt64(ref reader); }
                else if (reader.ValueTextEquals("consumer_lag"u8)) { lag = ReadInt64(ref reader); }
                else { SkipValue(ref reader); }
            }

            // Partition -1 is librdkafka's internal "unassigned" queue; lag -1 means not known yet (or a producer).
            if (partition >= 0 && lag >= 0)
            {
                partitions.Add(new KafkaPartitionLag(topic, partition, lag));
            }
        }
    }

    /// <summary>Advances to the next property name of the current object; false at its end.</summary>
    private static bool ReadProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("librdkafka statistics ended inside an object.");
        }
        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw new JsonException($"Unexpected {reader.TokenType} in librdkafka statistics."),
        };
    }

    private static void ExpectStartObject(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected an object in librdkafka statistics.");
        }
    }

    private static string ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() ?? "" : "";
    }

    private static long ReadInt64(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : 0;
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }
}

/// <summary>Consumer lag of one assigned partition, from <c>topics.*.partitions.*.consumer_lag</c>.</summary>
internal readonly record struct KafkaPartitionLag(string Topic, int Partition, long Lag);
