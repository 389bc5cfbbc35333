using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>OffsetForLeaderEpoch v2: there has only ever been leader epoch 0, which ends at the log end.</summary>
internal sealed class OffsetForLeaderEpochHandler(LogManager logs) : IApiHandler
{
    public ApiKey Key => ApiKey.OffsetForLeaderEpoch;
    public short MinVersion => 2;
    public short MaxVersion => 2;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var reader = new KafkaReader(request.Body.Span);
        response.WriteInt32(0); // throttle
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
                reader.ReadInt32(); // current leader epoch
                var leaderEpoch = reader.ReadInt32();
                var log = logs.GetPartition(topic, partition);
                var error = log is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None;
                response.WriteInt16((short)error);
                response.WriteInt32(partition);
                response.WriteInt32(log is null || leaderEpoch < 0 ? -1 : 0);
                response.WriteInt64(log is null || leaderEpoch < 0 ? -1 : log.HighWatermark);
            }
        }
        return ValueTask.FromResult(true);
    }
}
