namespace KappaAspire.Broker.Groups;

/// <summary>One member of a consumer group, with the join/sync calls it is waiting on.</summary>
internal sealed class GroupMember(string memberId, string clientId, string clientHost)
{
    public string MemberId { get; } = memberId;
    public string ClientId { get; } = clientId;
    public string ClientHost { get; } = clientHost;
    public string? GroupInstanceId { get; set; }
    public int SessionTimeoutMs { get; set; }
    public int RebalanceTimeoutMs { get; set; }
    public IReadOnlyList<(string Name, byte[] Metadata)> Protocols { get; set; } = [];
    public byte[] Assignment { get; set; } = [];
    public long LastHeartbeatMs { get; set; }
    public TaskCompletionSource<JoinGroupResult>? PendingJoin { get; set; }
    public TaskCompletionSource<SyncGroupResult>? PendingSync { get; set; }

    public byte[]? MetadataFor(string protocol)
    {
        foreach (var (name, metadata) in Protocols) if (name == protocol) return metadata;
        return null;
    }

    public bool HasSameProtocols(IReadOnlyList<(string Name, byte[] Metadata)> other) =>
        other.Count == Protocols.Count
        && other.Zip(Protocols).All(pair => pair.First.Name == pair.Second.Name && pair.First.Metadata.AsSpan().SequenceEqual(pair.Second.Metadata));
}

internal sealed record JoinGroupResult(
    Protocol.ErrorCode Error,
    int GenerationId,
    string ProtocolName,
    string LeaderId,
    string MemberId,
    IReadOnlyList<(string MemberId, string? GroupInstanceId, byte[] Metadata)> Members)
{
    public static JoinGroupResult Failed(Protocol.ErrorCode error, string memberId = "") => new(error, -1, "", "", memberId, []);
}

internal sealed record SyncGroupResult(Protocol.ErrorCode Error, byte[] Assignment)
{
    public static SyncGroupResult Failed(Protocol.ErrorCode error) => new(error, []);
}
