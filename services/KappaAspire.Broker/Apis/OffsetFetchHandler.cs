using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>OffsetFetch v1-5: committed offsets of a group (-1 where none); from v2 a null topic list means all.</summary>
internal sealed class OffsetFetchHandler(GroupCoordinator coordinator) : ApiHandler<OffsetFetchRequest, OffsetFetchResponse>
{
    public override ApiKey Key => ApiKey.OffsetFetch;
    public override short MinVersion => 1;
    public override short MaxVersion => 5;

    protected override ValueTask<OffsetFetchResponse?> HandleAsync(OffsetFetchRequest request, RequestContext context)
    {
        var groupId = request.GroupId;
        var requested = request.Topics ?? [.. coordinator.Offsets.OffsetsOf(groupId)
            .GroupBy(kv => kv.Key.Topic, kv => kv.Key.Partition)
            .Select(g => new OffsetFetchRequest.Topic(g.Key, [.. g.Order()]))];
        var topics = requested.Select(topic => new OffsetFetchResponse.Topic(topic.Name, [.. topic.Partitions.Select(partition =>
            coordinator.Offsets.TryGet(groupId, topic.Name, partition, out var committed)
                ? new OffsetFetchResponse.Partition(partition, committed.Offset, committed.LeaderEpoch, committed.Metadata, ErrorCode.None)
                : new OffsetFetchResponse.Partition(partition, -1, -1, "", ErrorCode.None))])).ToList();
        return ValueTask.FromResult<OffsetFetchResponse?>(new(topics, ErrorCode.None));
    }
}
