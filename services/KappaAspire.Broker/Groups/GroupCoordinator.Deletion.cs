using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Groups;

/// <summary>Deleting groups and their committed offsets (DeleteGroups, OffsetDelete), with Kafka's rules on live groups.</summary>
internal sealed partial class GroupCoordinator
{
    /// <summary>Deletes a group without members, and its committed offsets, durably.</summary>
    public ErrorCode DeleteGroup(string groupId)
    {
        if (string.IsNullOrEmpty(groupId)) return ErrorCode.InvalidGroupId;
        if (_groups.TryGetValue(groupId, out var group))
        {
            lock (group.Lock)
            {
                if (group.Members.Count > 0 || group.PendingMemberIds.Count > 0) return ErrorCode.NonEmptyGroup;
                // Joins that find it dead start its successor (see JoinAsync).
                group.State = GroupState.Dead;
                _groups.TryRemove(new KeyValuePair<string, ConsumerGroup>(groupId, group));
            }
        }
        else if (offsets.OffsetsOf(groupId).Count == 0)
        {
            return ErrorCode.GroupIdNotFound;
        }

        offsets.DeleteGroup(groupId);
        logger.LogInformation("Group {Group} deleted with its committed offsets", groupId);
        return ErrorCode.None;
    }

    /// <summary>
    /// Deletes a group's committed offsets of the given partitions, durably. A group with members keeps the offsets of
    /// topics they subscribe to (GROUP_SUBSCRIBED_TO_TOPIC), and a live group of another protocol type keeps all.
    /// </summary>
    /// <param name="exists">Whether a topic partition exists: the others are UNKNOWN_TOPIC_OR_PARTITION.</param>
    public (ErrorCode Error, IReadOnlyList<(string Topic, int Partition, ErrorCode Error)> Partitions) DeleteOffsets(
        string groupId, IReadOnlyList<(string Topic, int Partition)> partitions, Func<string, int, bool> exists)
    {
        if (string.IsNullOrEmpty(groupId)) return (ErrorCode.InvalidGroupId, []);
        HashSet<string>? subscribed = null;
        if (_groups.TryGetValue(groupId, out var group))
        {
            lock (group.Lock)
            {
                if (group.Members.Count > 0)
                {
                    if (group.ProtocolType != "consumer") return (ErrorCode.NonEmptyGroup, []);
                    subscribed = SubscribedTopics(group);
                }
            }
        }
        else if (offsets.OffsetsOf(groupId).Count == 0)
        {
            return (ErrorCode.GroupIdNotFound, []);
        }

        var results = new List<(string, int, ErrorCode)>(partitions.Count);
        var deleted = new List<(string, int)>();
        foreach (var (topic, partition) in partitions)
        {
            var error = !exists(topic, partition) ? ErrorCode.UnknownTopicOrPartition
                : subscribed is not null && (subscribed.Count == 0 || subscribed.Contains(topic)) ? ErrorCode.GroupSubscribedToTopic
                : ErrorCode.None;
            if (error == ErrorCode.None) deleted.Add((topic, partition));
            results.Add((topic, partition, error));
        }

        offsets.DeleteOffsets(groupId, deleted);
        return (ErrorCode.None, results);
    }

    // The topics any member subscribes to; empty (taken as every topic) when one member's subscription cannot be read.
    private static HashSet<string> SubscribedTopics(ConsumerGroup group)
    {
        var topics = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in group.Members)
        {
            var metadata = group.ProtocolName is { } chosen ? member.MetadataFor(chosen) : member.Protocols.FirstOrDefault().Metadata;
            if (metadata is null || ConsumerSubscription.Topics(metadata) is not { } memberTopics) return [];
            topics.UnionWith(memberTopics);
        }

        return topics;
    }
}
