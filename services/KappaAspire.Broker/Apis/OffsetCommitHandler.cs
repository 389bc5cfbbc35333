using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// OffsetCommit v2-7: stores committed positions durably (metadata round-trips). Generation -1 with no member id
/// is a commit by a consumer that assigns partitions itself and is accepted while the group has no members.
/// </summary>
internal sealed class OffsetCommitHandler(GroupCoordinator coordinator, LogManager logs) : IApiHandler
{
    public ApiKey Key => ApiKey.OffsetCommit;
    public short MinVersion => 2;
    public short MaxVersion => 7;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var version = request.Version;
        var reader = new KafkaReader(request.Body.Span);
        var groupId = reader.ReadString();
        var generation = reader.ReadInt32();
        var memberId = reader.ReadString();
        if (version >= 7) reader.ReadNullableString(); // group instance id
        if (version <= 4) reader.ReadInt64(); // retention time: offsets are kept until the group is deleted
        var groupError = coordinator.ValidateCommit(groupId, generation, memberId);
        if (groupError != ErrorCode.None) request.ResultError = groupError;

        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var commits = new List<(string, int, CommittedOffset)>();
        if (version >= 3) response.WriteInt32(0); // throttle
        var topicCount = reader.ReadArrayLength(6);
        response.WriteArrayLength(topicCount);
        for (var t = 0; t < topicCount; t++)
        {
            var topic = reader.ReadString();
            response.WriteString(topic);
            var partitionCount = reader.ReadArrayLength(14);
            response.WriteArrayLength(partitionCount);
            for (var p = 0; p < partitionCount; p++)
            {
                var partition = reader.ReadInt32();
                var offset = reader.ReadInt64();
                var leaderEpoch = version >= 6 ? reader.ReadInt32() : -1;
                var metadata = reader.ReadNullableString();
                var error = groupError;
                if (error == ErrorCode.None && logs.GetPartition(topic, partition) is null) error = ErrorCode.UnknownTopicOrPartition;
                if (error == ErrorCode.None) commits.Add((topic, partition, new CommittedOffset(offset, leaderEpoch, metadata, now)));
                response.WriteInt32(partition);
                response.WriteInt16((short)error);
            }
        }
        coordinator.Offsets.Commit(groupId, commits);
        return ValueTask.FromResult(true);
    }
}
