using System.Collections.Concurrent;
using KappaAspire.Broker.Protocol;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Groups;

/// <summary>
/// The consumer-group coordinator state machine (Empty → PreparingRebalance → CompletingRebalance → Stable),
/// as Kafka's group coordinator: members join, the leader's SyncGroup distributes the assignment, heartbeats
/// keep members alive, and a missing member or a new one triggers a rebalance. <see cref="Tick"/> drives time.
/// This file holds the requests members make; <c>GroupCoordinator.Rebalance.cs</c> the transitions they cause.
/// </summary>
internal sealed partial class GroupCoordinator(IOptions<BrokerOptions> options, OffsetStore offsets, TimeProvider time, ILogger<GroupCoordinator> logger)
{
    private readonly BrokerOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);

    public OffsetStore Offsets => offsets;

    public int GroupCount => _groups.Count;

    // Milliseconds on the injected clock: tests drive session expiry and rebalance timeouts without waiting.
    private long Now => time.GetTimestamp() / (time.TimestampFrequency / 1000);

    public Task<JoinGroupResult> JoinAsync(GroupJoin request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.GroupId)) return Task.FromResult(JoinGroupResult.Failed(ErrorCode.InvalidGroupId, request.MemberId));
        if (request.SessionTimeoutMs < _options.GroupMinSessionTimeoutMs || request.SessionTimeoutMs > _options.GroupMaxSessionTimeoutMs)
            return Task.FromResult(JoinGroupResult.Failed(ErrorCode.InvalidSessionTimeout, request.MemberId));
        if (request.Protocols.Count == 0 || string.IsNullOrEmpty(request.ProtocolType))
            return Task.FromResult(JoinGroupResult.Failed(ErrorCode.InconsistentGroupProtocol, request.MemberId));

        var group = _groups.GetOrAdd(request.GroupId, id => new ConsumerGroup(id));
        TaskCompletionSource<JoinGroupResult> pending;
        lock (group.Lock)
        {
            // The group was forgotten by Tick between GetOrAdd and the lock: join its successor instead.
            if (group.State == GroupState.Dead) return JoinAsync(request, cancellationToken);
            if (group.Members.Count > 0 && group.ProtocolType != request.ProtocolType
                || group.Members.Count > 0 && !group.Members.All(m => m.Protocols.Any(p => request.Protocols.Any(r => r.Name == p.Name))))
                return Task.FromResult(JoinGroupResult.Failed(ErrorCode.InconsistentGroupProtocol, request.MemberId));

            if (IsFenced(group, request.GroupInstanceId, request.MemberId, joining: true))
                return Task.FromResult(JoinGroupResult.Failed(ErrorCode.FencedInstanceId, request.MemberId));

            GroupMember member;
            if (request.MemberId.Length == 0 && request.GroupInstanceId is { } instanceId)
            {
                // A static member back under a new member id: it takes over its old self, without a rebalance if it can.
                if (StaticMember(group, instanceId) is { } previous)
                {
                    member = ReplaceStaticMember(group, previous, request);
                    if (TryRejoinStaticWithoutRebalance(group, member, out var immediate)) return Task.FromResult(immediate);
                }
                else
                {
                    member = AddMember(group, StaticMemberId(instanceId), request);
                }
            }
            else if (request.MemberId.Length == 0)
            {
                var memberId = $"{request.ClientId}-{Guid.NewGuid():N}";
                if (request.RequireKnownMemberId)
                {
                    // KIP-394: hand out the id first; the member joins again with it.
                    group.PendingMemberIds[memberId] = Now + request.SessionTimeoutMs;
                    return Task.FromResult(JoinGroupResult.Failed(ErrorCode.MemberIdRequired, memberId));
                }
                member = AddMember(group, memberId, request);
            }
            else if (group.Find(request.MemberId) is { } existing)
            {
                member = existing;
                if (TryRejoinWithoutRebalance(group, member, request, out var immediate)) return Task.FromResult(immediate);
                member.Protocols = request.Protocols;
                member.SessionTimeoutMs = request.SessionTimeoutMs;
                member.RebalanceTimeoutMs = request.RebalanceTimeoutMs;
            }
            else if (group.PendingMemberIds.Remove(request.MemberId))
            {
                member = AddMember(group, request.MemberId, request);
            }
            else
            {
                return Task.FromResult(JoinGroupResult.Failed(ErrorCode.UnknownMemberId, request.MemberId));
            }

            member.PendingJoin?.TrySetResult(JoinGroupResult.Failed(ErrorCode.UnknownMemberId, member.MemberId));
            pending = new TaskCompletionSource<JoinGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            member.PendingJoin = pending;
            if (group.State != GroupState.PreparingRebalance) PrepareRebalance(group, $"member {member.MemberId} joined");
            else if (group.InitialDelayUntilMs > 0)
                group.InitialDelayUntilMs = Math.Min(Now + _options.GroupInitialRebalanceDelayMs, group.InitialDelayLimitMs);
            TryCompleteJoin(group, Now);
        }
        return pending.Task.WaitAsync(cancellationToken);
    }

    public Task<SyncGroupResult> SyncAsync(string groupId, int generationId, string memberId, string? groupInstanceId,
        IReadOnlyList<(string MemberId, byte[] Assignment)> assignments, CancellationToken cancellationToken)
    {
        if (!_groups.TryGetValue(groupId, out var group)) return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
        lock (group.Lock)
        {
            if (IsFenced(group, groupInstanceId, memberId)) return Task.FromResult(SyncGroupResult.Failed(ErrorCode.FencedInstanceId));
            var member = group.Find(memberId);
            if (member is null) return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
            if (generationId != group.GenerationId) return Task.FromResult(SyncGroupResult.Failed(ErrorCode.IllegalGeneration));
            switch (group.State)
            {
                case GroupState.PreparingRebalance:
                    return Task.FromResult(SyncGroupResult.Failed(ErrorCode.RebalanceInProgress));
                case GroupState.Stable:
                    member.LastHeartbeatMs = Now;
                    return Task.FromResult(new SyncGroupResult(ErrorCode.None, member.Assignment));
                case GroupState.CompletingRebalance:
                    member.LastHeartbeatMs = Now;
                    var pending = new TaskCompletionSource<SyncGroupResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                    member.PendingSync = pending;
                    if (memberId == group.LeaderId)
                    {
                        foreach (var m in group.Members)
                            m.Assignment = assignments.FirstOrDefault(a => a.MemberId == m.MemberId).Assignment ?? [];
                        group.State = GroupState.Stable;
                        foreach (var m in group.Members)
                        {
                            m.PendingSync?.TrySetResult(new SyncGroupResult(ErrorCode.None, m.Assignment));
                            m.PendingSync = null;
                        }
                        logger.LogInformation("Group {Group} generation {Generation} is stable", group.GroupId, group.GenerationId);
                    }
                    return pending.Task.WaitAsync(cancellationToken);
                default:
                    return Task.FromResult(SyncGroupResult.Failed(ErrorCode.UnknownMemberId));
            }
        }
    }

    public ErrorCode Heartbeat(string groupId, int generationId, string memberId, string? groupInstanceId = null)
    {
        if (!_groups.TryGetValue(groupId, out var group)) return ErrorCode.UnknownMemberId;
        lock (group.Lock)
        {
            if (IsFenced(group, groupInstanceId, memberId)) return ErrorCode.FencedInstanceId;
            var member = group.Find(memberId);
            if (member is null) return ErrorCode.UnknownMemberId;
            if (generationId != group.GenerationId) return ErrorCode.IllegalGeneration;
            member.LastHeartbeatMs = Now;
            return group.State == GroupState.PreparingRebalance ? ErrorCode.RebalanceInProgress : ErrorCode.None;
        }
    }

    public ErrorCode Leave(string groupId, string memberId) => Leave(groupId, [(memberId, null)])[0];

    /// <summary>
    /// Members leave at once, each named by member id, by group instance id (how an admin removes a static member), or
    /// both; an instance id now held by another member id is fenced. One error per member, in order.
    /// </summary>
    public ErrorCode[] Leave(string groupId, IReadOnlyList<(string MemberId, string? GroupInstanceId)> leaving)
    {
        var errors = new ErrorCode[leaving.Count];
        if (!_groups.TryGetValue(groupId, out var group))
        {
            Array.Fill(errors, ErrorCode.UnknownMemberId);
            return errors;
        }
        lock (group.Lock)
        {
            for (var i = 0; i < leaving.Count; i++)
            {
                var (memberId, instanceId) = leaving[i];
                var member = instanceId is null ? group.Find(memberId) : StaticMember(group, instanceId);
                errors[i] = member is null ? ErrorCode.UnknownMemberId
                    : instanceId is not null && memberId.Length > 0 && member.MemberId != memberId ? ErrorCode.FencedInstanceId
                    : ErrorCode.None;
                if (errors[i] == ErrorCode.None) RemoveMember(group, member!, "left the group");
            }
            return errors;
        }
    }

    /// <summary>Checks that an OffsetCommit may be stored (generation -1 is a commit by a consumer that only assigns partitions).</summary>
    public ErrorCode ValidateCommit(string groupId, int generationId, string memberId, string? groupInstanceId = null)
    {
        if (string.IsNullOrEmpty(groupId)) return ErrorCode.InvalidGroupId;
        if (!_groups.TryGetValue(groupId, out var group)) return generationId < 0 ? ErrorCode.None : ErrorCode.IllegalGeneration;
        lock (group.Lock)
        {
            if (IsFenced(group, groupInstanceId, memberId)) return ErrorCode.FencedInstanceId;
            if (generationId < 0 && group.Members.Count == 0) return ErrorCode.None;
            var member = group.Find(memberId);
            if (member is null) return ErrorCode.UnknownMemberId;
            if (generationId != group.GenerationId) return ErrorCode.IllegalGeneration;
            if (group.State == GroupState.CompletingRebalance) return ErrorCode.RebalanceInProgress;
            member.LastHeartbeatMs = Now;
            return ErrorCode.None;
        }
    }

    public GroupDescription Describe(string groupId)
    {
        if (!_groups.TryGetValue(groupId, out var group))
            return new GroupDescription(groupId, offsets.OffsetsOf(groupId).Count > 0 ? "Empty" : "Dead", "", "", []);
        lock (group.Lock)
        {
            var stable = group.State == GroupState.Stable;
            return new GroupDescription(group.GroupId, group.StateName, group.ProtocolType ?? "", stable ? group.ProtocolName ?? "" : "",
                [.. group.Members.Select(m => (m.MemberId, m.GroupInstanceId, m.ClientId, m.ClientHost,
                    stable ? m.MetadataFor(group.ProtocolName!) ?? [] : [], stable ? m.Assignment : []))]);
        }
    }

    /// <summary>Groups with members plus groups that only have committed offsets (those are Empty), with their state.</summary>
    public IReadOnlyList<(string GroupId, string ProtocolType, string State)> List()
    {
        var result = new Dictionary<string, (string ProtocolType, string State)>(StringComparer.Ordinal);
        foreach (var id in offsets.GroupIds) result[id] = ("consumer", "Empty");
        foreach (var group in _groups.Values)
            lock (group.Lock)
            {
                if (group.State == GroupState.Dead) continue;
                var type = group.ProtocolType ?? (result.TryGetValue(group.GroupId, out var known) ? known.ProtocolType : "consumer");
                result[group.GroupId] = (type, group.StateName);
            }
        return [.. result.Select(kv => (kv.Key, kv.Value.ProtocolType, kv.Value.State))];
    }

    /// <summary>Expires members whose session lapsed, completes rebalances whose time is up, forgets idle groups.</summary>
    public void Tick()
    {
        var now = Now;
        foreach (var group in _groups.Values)
        {
            lock (group.Lock)
            {
                foreach (var expired in group.PendingMemberIds.Where(p => p.Value < now).Select(p => p.Key).ToList())
                    group.PendingMemberIds.Remove(expired);
                if (group.State is GroupState.Stable or GroupState.CompletingRebalance)
                {
                    foreach (var member in group.Members.Where(m => now - m.LastHeartbeatMs > m.SessionTimeoutMs).ToList())
                        RemoveMember(group, member, "session timed out");
                }
                TryCompleteJoin(group, now);
                if (group.State == GroupState.Empty && group.Members.Count == 0 && group.PendingMemberIds.Count == 0)
                {
                    group.State = GroupState.Dead;
                    _groups.TryRemove(new KeyValuePair<string, ConsumerGroup>(group.GroupId, group));
                }
            }
        }
    }
}
