using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Groups;

/// <summary>The state machine's transitions: joining members, preparing and completing a rebalance, removing members.</summary>
internal sealed partial class GroupCoordinator
{
    private GroupMember AddMember(ConsumerGroup group, string memberId, GroupJoin request)
    {
        var member = NewMember(memberId, request);
        group.Members.Add(member);
        if (request.GroupInstanceId is { } instanceId) group.StaticMembers[instanceId] = memberId;
        group.ProtocolType ??= request.ProtocolType;
        return member;
    }

    private GroupMember NewMember(string memberId, GroupJoin request) => new(memberId, request.ClientId, request.ClientHost)
    {
        GroupInstanceId = request.GroupInstanceId,
        SessionTimeoutMs = request.SessionTimeoutMs,
        RebalanceTimeoutMs = request.RebalanceTimeoutMs,
        Protocols = request.Protocols,
        LastHeartbeatMs = Now,
    };

    /// <summary>A follower rejoining a stable group with unchanged metadata gets the current generation back (no rebalance).</summary>
    private static bool TryRejoinWithoutRebalance(ConsumerGroup group, GroupMember member, GroupJoin request, out JoinGroupResult result)
    {
        result = null!;
        if (group.State is not (GroupState.Stable or GroupState.CompletingRebalance) || !member.HasSameProtocols(request.Protocols)) return false;
        if (group.State == GroupState.Stable && member.MemberId == group.LeaderId) return false;
        result = BuildJoinResult(group, member);
        return true;
    }

    /// <summary>
    /// A topic gained partitions: the consumer groups reading it rebalance now, and their leaders, which fetch metadata
    /// when they rejoin, assign the new partitions at once rather than at their next metadata refresh (librdkafka's is
    /// five minutes). Returns how many groups rebalance.
    /// </summary>
    public int RebalanceConsumersOf(string topic)
    {
        var rebalanced = 0;
        foreach (var group in _groups.Values)
        {
            lock (group.Lock)
            {
                if (group.State is not (GroupState.Stable or GroupState.CompletingRebalance) || group.ProtocolType != "consumer") continue;
                var topics = SubscribedTopics(group); // empty: a subscription that cannot be read, so perhaps this topic
                if (topics.Count > 0 && !topics.Contains(topic)) continue;
                PrepareRebalance(group, $"topic {topic} gained partitions");
                rebalanced++;
            }
        }
        return rebalanced;
    }

    private void PrepareRebalance(ConsumerGroup group, string reason)
    {
        foreach (var member in group.Members)
        {
            member.PendingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
            member.PendingSync = null;
        }
        var now = Now;
        var maxRebalanceTimeout = group.Members.Count == 0 ? 0 : group.Members.Max(m => m.RebalanceTimeoutMs);
        if (group.State == GroupState.Empty && _options.GroupInitialRebalanceDelayMs > 0)
        {
            group.InitialDelayUntilMs = now + _options.GroupInitialRebalanceDelayMs;
            group.InitialDelayLimitMs = now + Math.Max(maxRebalanceTimeout, _options.GroupInitialRebalanceDelayMs);
        }
        else
        {
            group.InitialDelayUntilMs = 0;
        }
        group.RebalanceDeadlineMs = now + maxRebalanceTimeout;
        group.State = GroupState.PreparingRebalance;
        logger.LogInformation("Preparing to rebalance group {Group} in generation {Generation} ({Reason})", group.GroupId, group.GenerationId, reason);
    }

    private void TryCompleteJoin(ConsumerGroup group, long now)
    {
        if (group.State != GroupState.PreparingRebalance) return;
        var allJoined = group.Members.All(m => m.PendingJoin is not null);
        var delayOver = group.InitialDelayUntilMs == 0 || now >= group.InitialDelayUntilMs;
        var deadlinePassed = now >= group.RebalanceDeadlineMs && delayOver;
        if (!(allJoined && delayOver) && !deadlinePassed) return;

        foreach (var straggler in group.Members.Where(m => m.PendingJoin is null).ToList())
        {
            logger.LogInformation("Removing member {Member} from group {Group}: it did not rejoin in time", straggler.MemberId, group.GroupId);
            group.Members.Remove(straggler);
            ForgetInstance(group, straggler);
        }
        group.GenerationId++;
        group.InitialDelayUntilMs = 0;
        if (group.Members.Count == 0)
        {
            group.State = GroupState.Empty;
            group.ProtocolName = null;
            group.LeaderId = null;
            group.ProtocolType = null;
            return;
        }
        group.ProtocolName = ProtocolSelection.Select(group);
        if (group.LeaderId is null || group.Find(group.LeaderId) is null) group.LeaderId = group.Members[0].MemberId;
        group.State = GroupState.CompletingRebalance;
        foreach (var member in group.Members)
        {
            member.LastHeartbeatMs = now;
            var join = member.PendingJoin!;
            member.PendingJoin = null;
            join.TrySetResult(BuildJoinResult(group, member));
        }
        logger.LogInformation("Group {Group} generation {Generation}: {Count} members, protocol {Protocol}, leader {Leader}",
            group.GroupId, group.GenerationId, group.Members.Count, group.ProtocolName, group.LeaderId);
    }

    private static JoinGroupResult BuildJoinResult(ConsumerGroup group, GroupMember member)
    {
        var isLeader = member.MemberId == group.LeaderId;
        var members = isLeader
            ? group.Members.Select(m => (m.MemberId, m.GroupInstanceId, m.MetadataFor(group.ProtocolName!) ?? [])).ToList()
            : [];
        return new JoinGroupResult(ErrorCode.None, group.GenerationId, group.ProtocolName!, group.LeaderId!, member.MemberId, members);
    }

    private void RemoveMember(ConsumerGroup group, GroupMember member, string reason)
    {
        group.Members.Remove(member);
        ForgetInstance(group, member);
        member.PendingJoin?.TrySetResult(JoinGroupResult.Failed(ErrorCode.UnknownMemberId, member.MemberId));
        member.PendingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
        logger.LogInformation("Member {Member} {Reason}: group {Group}", member.MemberId, reason, group.GroupId);
        if (group.State == GroupState.PreparingRebalance) TryCompleteJoin(group, Now);
        else if (group.Members.Count == 0)
        {
            group.State = GroupState.Empty;
            group.GenerationId++;
            group.LeaderId = null;
            group.ProtocolName = null;
            group.ProtocolType = null;
        }
        else PrepareRebalance(group, $"member {member.MemberId} {reason}");
    }
}
