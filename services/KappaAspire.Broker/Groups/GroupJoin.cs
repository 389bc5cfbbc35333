namespace KappaAspire.Broker.Groups;

/// <summary>A JoinGroup request as the coordinator takes it: the protocol inputs and who sent them.</summary>
internal sealed record GroupJoin(
    string GroupId, int SessionTimeoutMs, int RebalanceTimeoutMs, string MemberId, string? GroupInstanceId,
    string ProtocolType, IReadOnlyList<(string Name, byte[] Metadata)> Protocols, string ClientId, string ClientHost,
    bool RequireKnownMemberId);
