using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>OffsetForLeaderEpoch v2: there has only ever been leader epoch 0, which ends at the log end.</summary>
internal sealed class OffsetForLeaderEpochHandler(LogManager logs) : ApiHandler<OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse>
{
    public override ApiKey Key => ApiKey.OffsetForLeaderEpoch;
    public override short MinVersion => 2;
    public override short MaxVersion => 2;

    protected override ValueTask<OffsetForLeaderEpochResponse?> HandleAsync(OffsetForLeaderEpochRequest request, RequestContext context)
    {
        var topics = request.Topics.Select(topic => new OffsetForLeaderEpochResponse.Topic(topic.Name, [.. topic.Partitions.Select(p =>
        {
            var log = logs.GetPartition(topic.Name, p.Index);
            var known = log is not null && p.LeaderEpoch >= 0;
            return new OffsetForLeaderEpochResponse.Partition(
                log is null ? ErrorCode.UnknownTopicOrPartition : ErrorCode.None, p.Index, known ? 0 : -1, known ? log!.HighWatermark : -1);
        })])).ToList();
        return ValueTask.FromResult<OffsetForLeaderEpochResponse?>(new(topics));
    }
}
