namespace KappaAspire.Broker.Groups;

/// <summary>A group as DescribeGroups reports it: assignments and metadata only while it is stable.</summary>
internal sealed record GroupDescription(string GroupId, string State, string ProtocolType, string Protocol,
    IReadOnlyList<(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] Metadata, byte[] Assignment)> Members);
