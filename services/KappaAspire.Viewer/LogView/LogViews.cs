namespace KappaAspire.Viewer.LogView;

/// <summary>The topics of the cluster (<c>GET /api/log/topics</c>), internal ones left out.</summary>
/// <param name="Brokers">Brokers the metadata named.</param>
public sealed record TopicsView(int Brokers, IReadOnlyList<TopicView> Topics, DateTimeOffset CheckedAt);

/// <param name="Records">Records retained: the sum over partitions of high − low watermark.</param>
public sealed record TopicView(string Name, long Records, IReadOnlyList<PartitionView> Partitions, string? Error);

/// <param name="Low">The earliest offset retained.</param>
/// <param name="High">The high watermark: the offset the next record gets.</param>
public sealed record PartitionView(int Partition, long Low, long High, int Leader);

/// <summary>The consumer groups and their lag (<c>GET /api/log/groups</c>).</summary>
public sealed record GroupsView(IReadOnlyList<GroupView> Groups, DateTimeOffset CheckedAt);

/// <param name="State">The coordinator's state of the group, e.g. <c>Stable</c> or <c>Empty</c>.</param>
/// <param name="Lag">Sum of the partitions' lag; partitions without a committed offset count from their low watermark.</param>
public sealed record GroupView(string Group, string State, IReadOnlyList<MemberView> Members, IReadOnlyList<GroupPartitionView> Partitions, long Lag);

/// <param name="Assignment">The partitions assigned to the member, as <c>topic-partition</c>.</param>
public sealed record MemberView(string ClientId, string Host, IReadOnlyList<string> Assignment);

/// <param name="Committed">The group's committed offset; null when it committed none for this partition.</param>
public sealed record GroupPartitionView(string Topic, int Partition, long? Committed, long High, long Lag);
