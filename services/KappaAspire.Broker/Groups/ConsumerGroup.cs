namespace KappaAspire.Broker.Groups;

internal enum GroupState { Empty, PreparingRebalance, CompletingRebalance, Stable, Dead }

/// <summary>The state of one consumer group; all access happens under <see cref="Lock"/>.</summary>
internal sealed class ConsumerGroup(string groupId)
{
    public Lock Lock { get; } = new();
    public string GroupId { get; } = groupId;
    public GroupState State { get; set; } = GroupState.Empty;
    public int GenerationId { get; set; }
    public string? ProtocolType { get; set; }
    public string? ProtocolName { get; set; }
    public string? LeaderId { get; set; }
    /// <summary>Members in join order (the first becomes leader when there is none).</summary>
    public List<GroupMember> Members { get; } = [];
    /// <summary>Member ids handed out with MEMBER_ID_REQUIRED, waiting for the member's second join (id → expiry).</summary>
    public Dictionary<string, long> PendingMemberIds { get; } = new(StringComparer.Ordinal);
    /// <summary>Static members (KIP-345): group instance id → the member id that holds it now.</summary>
    public Dictionary<string, string> StaticMembers { get; } = new(StringComparer.Ordinal);
    /// <summary>When the current rebalance completes even if some members have not rejoined.</summary>
    public long RebalanceDeadlineMs { get; set; }
    /// <summary>While set, an initial rebalance waits for more members (Kafka's initial rebalance delay).</summary>
    public long InitialDelayUntilMs { get; set; }
    public long InitialDelayLimitMs { get; set; }

    public GroupMember? Find(string memberId) => Members.Find(m => m.MemberId == memberId);

    public string StateName => State.ToString();
}
