namespace KappaAspire.Viewer.LogView;

/// <summary>The topics of the cluster (<c>GET /api/log/topics</c>), internal ones left out.</summary>
/// <param name="Brokers">Brokers the metadata named.</param>
public sealed record TopicsView(int Brokers, IReadOnlyList<TopicView> Topics, DateTimeOffset CheckedAt);

/// <param name="Records">Records retained: the sum over partitions of high − low watermark.</param>
/// <param name="RetentionMs">The topic's <c>retention.ms</c> (−1: kept forever); null when its configuration could not be read.</param>
/// <param name="RetentionBytes">Its <c>retention.bytes</c> per partition (−1: no size limit); null when unknown.</param>
public sealed record TopicView(string Name, long Records, IReadOnlyList<PartitionView> Partitions, string? Error, long? RetentionMs = null, long? RetentionBytes = null);

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

/// <summary>Records of one partition from an offset (<c>GET /api/log/records</c>).</summary>
/// <param name="From">The offset the read started at (the asked offset, or the first at or after the asked time, within the watermarks).</param>
/// <param name="Low">The partition's low watermark when read.</param>
/// <param name="High">Its high watermark when read: the records end before it.</param>
public sealed record RecordsView(string Topic, int Partition, long From, long Low, long High, IReadOnlyList<RecordView> Records);

/// <param name="Key">The key as text when it is UTF-8, else base64 (see <paramref name="KeyEncoding"/>); null for none.</param>
/// <param name="Value">The value: indented when it is JSON, as text when UTF-8, else base64; null for a tombstone.</param>
/// <param name="ValueEncoding"><c>json</c>, <c>utf8</c>, <c>base64</c> or <c>null</c>.</param>
public sealed record RecordView(long Offset, DateTimeOffset? Timestamp, string? Key, string KeyEncoding, IReadOnlyList<HeaderView> Headers, string? Value, string ValueEncoding);

/// <param name="Value">UTF-8 text, or base64 when the bytes are not UTF-8.</param>
public sealed record HeaderView(string Name, string? Value);

/// <summary>The body of <c>POST /api/log/redrive</c>: dead letters of one partition of the dead-letter topic, by offset.</summary>
public sealed record RedriveRequest(int Partition, IReadOnlyList<long> Offsets);

/// <param name="Outcome"><c>redriven</c>, <c>not_found</c> (no such offset) or <c>no_source</c> (the record names no source topic).</param>
/// <param name="Topic">Where it was written again, with <paramref name="Partition"/> and <paramref name="Offset"/>.</param>
public sealed record RedriveOutcome(long DeadLetterOffset, string Outcome, string? Topic, int? Partition, long? Offset)
{
    public const string Redriven = "redriven";
    public const string NotFound = "not_found";
    public const string NoSource = "no_source";
}

/// <summary>The answer of <c>POST /api/log/redrive</c>.</summary>
public sealed record RedriveResult(string DeadLetterTopic, IReadOnlyList<RedriveOutcome> Records);

/// <summary><c>GET /api/log/redrive</c>: the dead-letter topic, and whether this viewer re-drives (it holds the operator token).</summary>
public sealed record RedriveAvailability(string DeadLetterTopic, bool Enabled);
