using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// OffsetCommit v2-7: stores committed positions durably (metadata round-trips). Generation -1 with no member id
/// is a commit by a consumer that assigns partitions itself and is accepted while the group has no members.
/// </summary>
internal sealed class OffsetCommitHandler(GroupCoordinator coordinator, LogManager logs) : ApiHandler<OffsetCommitRequest, OffsetCommitResponse>
{
    public override ApiKey Key => ApiKey.OffsetCommit;
    public override short MinVersion => 2;
    public override short MaxVersion => 7;

    protected override ValueTask<OffsetCommitResponse?> HandleAsync(OffsetCommitRequest request, RequestContext context)
    {
        var groupError = coordinator.ValidateCommit(request.GroupId, request.GenerationId, request.MemberId, request.GroupInstanceId);
        if (groupError != ErrorCode.None) context.ResultError = groupError;

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var commits = new List<(string, int, CommittedOffset)>();
        var topics = new List<OffsetCommitResponse.Topic>(request.Topics.Count);
        foreach (var topic in request.Topics)
        {
            var partitions = new List<(int, ErrorCode)>(topic.Partitions.Count);
            foreach (var p in topic.Partitions)
            {
                var error = groupError == ErrorCode.None && logs.GetPartition(topic.Name, p.Index) is null ? ErrorCode.UnknownTopicOrPartition : groupError;
                if (error == ErrorCode.None) commits.Add((topic.Name, p.Index, new CommittedOffset(p.Offset, p.LeaderEpoch, p.Metadata, now)));
                partitions.Add((p.Index, error));
            }

            topics.Add(new(topic.Name, partitions));
        }

        coordinator.Offsets.Commit(request.GroupId, commits);
        return ValueTask.FromResult<OffsetCommitResponse?>(new(topics));
    }
}
