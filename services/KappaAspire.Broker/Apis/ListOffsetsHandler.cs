using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>ListOffsets v1-5: earliest (-2), latest (-1) or the first offset at or after a timestamp.</summary>
internal sealed class ListOffsetsHandler(LogManager logs) : IApiHandler
{
    private const long Latest = -1;
    private const long Earliest = -2;

    public ApiKey Key => ApiKey.ListOffsets;
    public short MinVersion => 1;
    public short MaxVersion => 5;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var version = request.Version;
        var reader = new KafkaReader(request.Body.Span);
        reader.ReadInt32(); // replica id
        if (version >= 2) reader.ReadInt8(); // isolation level
        if (version >= 2) response.WriteInt32(0); // throttle
        var topicCount = reader.ReadArrayLength(6);
        response.WriteArrayLength(topicCount);
        for (var t = 0; t < topicCount; t++)
        {
            var topic = reader.ReadString();
            response.WriteString(topic);
            var partitionCount = reader.ReadArrayLength(12);
            response.WriteArrayLength(partitionCount);
            for (var p = 0; p < partitionCount; p++)
            {
                var partition = reader.ReadInt32();
                if (version >= 4) reader.ReadInt32(); // current leader epoch
                var timestamp = reader.ReadInt64();
                var log = logs.GetPartition(topic, partition);
                var (error, offset, foundTimestamp) = log is null
                    ? (ErrorCode.UnknownTopicOrPartition, -1L, -1L)
                    : timestamp switch
                    {
                        Latest => (ErrorCode.None, log.HighWatermark, -1L),
                        Earliest => (ErrorCode.None, log.LogStartOffset, -1L),
                        _ => Lookup(log, timestamp),
                    };
                if (error != ErrorCode.None) request.ResultError = error;
                response.WriteInt32(partition);
                response.WriteInt16((short)error);
                response.WriteInt64(foundTimestamp);
                response.WriteInt64(offset);
                if (version >= 4) response.WriteInt32(0); // leader epoch
            }
        }
        return ValueTask.FromResult(true);
    }

    private static (ErrorCode, long, long) Lookup(PartitionLog log, long timestamp)
    {
        var (offset, found) = log.FindOffsetByTimestamp(timestamp);
        return (ErrorCode.None, offset, found);
    }
}
