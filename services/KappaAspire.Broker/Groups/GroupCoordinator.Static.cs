using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Groups;

/// <summary>
/// Static membership (KIP-345): a member with a group instance id that restarts joins again under a new member id and
/// takes over its old self, assignment included, without a rebalance of the others; a request still carrying the id
/// it replaced is fenced. A static member leaves only by its session expiring (or the rebalance timeout).
/// </summary>
internal sealed partial class GroupCoordinator
{
    private static string StaticMemberId(string instanceId) => $"{instanceId}-{Guid.NewGuid():N}";

    private static GroupMember? StaticMember(ConsumerGroup group, string instanceId) =>
        group.StaticMembers.TryGetValue(instanceId, out var memberId) ? group.Find(memberId) : null;

    /// <summary>Whether the instance id now belongs to another member than <paramref name="memberId"/> (an empty id only joins).</summary>
    private static bool IsFenced(ConsumerGroup group, string? instanceId, string memberId, bool joining = false) =>
        instanceId is not null && (memberId.Length > 0 || !joining)
        && group.StaticMembers.TryGetValue(instanceId, out var current) && current != memberId;

    private GroupMember ReplaceStaticMember(ConsumerGroup group, GroupMember previous, GroupJoin request)
    {
        var replacement = NewMember(StaticMemberId(request.GroupInstanceId!), request);
        replacement.Assignment = previous.Assignment;
        group.Members[group.Members.IndexOf(previous)] = replacement;
        group.StaticMembers[request.GroupInstanceId!] = replacement.MemberId;
        if (group.LeaderId == previous.MemberId) group.LeaderId = replacement.MemberId;
        previous.PendingJoin?.TrySetResult(JoinGroupResult.Failed(ErrorCode.FencedInstanceId, previous.MemberId));
        previous.PendingSync?.TrySetResult(SyncGroupResult.Failed(ErrorCode.FencedInstanceId));
        logger.LogInformation("Static member {Instance} of group {Group} rejoined: {Previous} replaced by {Member}",
            request.GroupInstanceId, group.GroupId, previous.MemberId, replacement.MemberId);
        return replacement;
    }

    /// <summary>
    /// In a stable group a returning static member with unchanged metadata gets the current generation and, at its
    /// SyncGroup, its old assignment: nobody else notices. The leader gets the members as usual; a stable group's
    /// SyncGroup hands back the assignment already in force whatever the leader computes.
    /// </summary>
    private static bool TryRejoinStaticWithoutRebalance(ConsumerGroup group, GroupMember member, out JoinGroupResult result)
    {
        result = null!;
        if (group.State != GroupState.Stable || group.ProtocolName is null || member.MetadataFor(group.ProtocolName) is null) return false;
        result = BuildJoinResult(group, member);
        return true;
    }

    private static void ForgetInstance(ConsumerGroup group, GroupMember member)
    {
        if (member.GroupInstanceId is { } instanceId && group.StaticMembers.TryGetValue(instanceId, out var current) && current == member.MemberId)
            group.StaticMembers.Remove(instanceId);
    }
}
