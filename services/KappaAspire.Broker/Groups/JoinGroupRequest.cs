namespace KappaAspire.Broker.Groups;

/// <summary>The join/sync protocol inputs of a JoinGroup request.</summary>
internal sealed record JoinGroupRequest(
    string GroupId, int SessionTimeoutMs, int RebalanceTimeoutMs, string MemberId, string? GroupInstanceId,
    string ProtocolType, IReadOnlyList<(string Name, byte[] Metadata)> Protocols, string ClientId, string ClientHost,
    bool RequireKnownMemberId);
