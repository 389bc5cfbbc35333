using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// OffsetDelete v0: deletes a group's committed offsets of some partitions, except those of topics its members
/// subscribe to. Offered because librdkafka aborts the calling process when a broker lacks it.
/// </summary>
internal sealed class OffsetDeleteHandler(GroupCoordinator coordinator, LogManager logs) : ApiHandler<OffsetDeleteRequest, OffsetDeleteResponse>
{
    public override ApiKey Key => ApiKey.OffsetDelete;
    public override short MinVersion => 0;
    public override short MaxVersion => 0;

    protected override ValueTask<OffsetDeleteResponse?> HandleAsync(OffsetDeleteRequest request, RequestContext context)
    {
        var partitions = request.Topics.SelectMany(t => t.Partitions.Select(p => (t.Name, p))).ToList();
        var (error, results) = coordinator.DeleteOffsets(request.GroupId, partitions, (topic, partition) => logs.GetPartition(topic, partition) is not null);
        if (error != ErrorCode.None)
        {
            context.ResultError = error;
            return ValueTask.FromResult<OffsetDeleteResponse?>(new OffsetDeleteResponse(error, []));
        }

        var topics = results
            .GroupBy(r => r.Topic, StringComparer.Ordinal)
            .Select(g => new OffsetDeleteResponse.Topic(g.Key, [.. g.Select(r => new OffsetDeleteResponse.Partition(r.Partition, r.Error))]))
            .ToList();
        return ValueTask.FromResult<OffsetDeleteResponse?>(new OffsetDeleteResponse(ErrorCode.None, topics));
    }
}
