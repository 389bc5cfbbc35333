using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Apis;

/// <summary>OffsetFetch v1-5: committed offsets of a group (-1 where none); from v2 a null topic list means all.</summary>
internal sealed class OffsetFetchHandler(GroupCoordinator coordinator) : IApiHandler
{
    public ApiKey Key => ApiKey.OffsetFetch;
    public short MinVersion => 1;
    public short MaxVersion => 5;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var version = request.Version;
        var reader = new KafkaReader(request.Body.Span);
        var groupId = reader.ReadString();
        var topicCount = reader.ReadArrayLength(6);
        var requested = new List<(string Topic, List<int> Partitions)>();
        if (topicCount < 0)
        {
            requested.AddRange(coordinator.Offsets.OffsetsOf(groupId)
                .GroupBy(kv => kv.Key.Topic, kv => kv.Key.Partition)
                .Select(g => (g.Key, g.Order().ToList())));
        }
        for (var t = 0; t < topicCount; t++)
        {
            var topic = reader.ReadString();
            var count = reader.ReadArrayLength(4);
            var partitions = new List<int>(count);
            for (var p = 0; p < count; p++) partitions.Add(reader.ReadInt32());
            requested.Add((topic, partitions));
        }

        if (version >= 3) response.WriteInt32(0); // throttle
        response.WriteArrayLength(requested.Count);
        foreach (var (topic, partitions) in requested)
        {
            response.WriteString(topic);
            response.WriteArrayLength(partitions.Count);
            foreach (var partition in partitions)
            {
                var found = coordinator.Offsets.TryGet(groupId, topic, partition, out var committed);
                response.WriteInt32(partition);
                response.WriteInt64(found ? committed.Offset : -1);
                if (version >= 5) response.WriteInt32(found ? committed.LeaderEpoch : -1);
                response.WriteNullableString(found ? committed.Metadata : "");
                response.WriteInt16(0);
            }
        }
        if (version >= 2) response.WriteInt16(0);
        return ValueTask.FromResult(true);
    }
}
