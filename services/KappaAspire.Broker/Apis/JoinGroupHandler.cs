using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Apis;

/// <summary>JoinGroup v0-5; from v4 a new member first gets MEMBER_ID_REQUIRED with its id (KIP-394).</summary>
internal sealed class JoinGroupHandler(GroupCoordinator coordinator) : IApiHandler
{
    public ApiKey Key => ApiKey.JoinGroup;
    public short MinVersion => 0;
    public short MaxVersion => 5;

    public async ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var version = request.Version;
        var join = Parse(request, version);
        var result = await coordinator.JoinAsync(join, request.ConnectionClosed);
        if (result.Error != ErrorCode.None) request.ResultError = result.Error;

        if (version >= 2) response.WriteInt32(0); // throttle
        response.WriteInt16((short)result.Error);
        response.WriteInt32(result.GenerationId);
        response.WriteString(result.ProtocolName);
        response.WriteString(result.LeaderId);
        response.WriteString(result.MemberId);
        response.WriteArrayLength(result.Members.Count);
        foreach (var (memberId, instanceId, metadata) in result.Members)
        {
            response.WriteString(memberId);
            if (version >= 5) response.WriteNullableString(instanceId);
            response.WriteBytes(metadata);
        }
        return true;
    }

    private static JoinGroupRequest Parse(RequestContext request, short version)
    {
        var reader = new KafkaReader(request.Body.Span);
        var groupId = reader.ReadString();
        var sessionTimeout = reader.ReadInt32();
        var rebalanceTimeout = version >= 1 ? reader.ReadInt32() : sessionTimeout;
        var memberId = reader.ReadString();
        var instanceId = version >= 5 ? reader.ReadNullableString() : null;
        var protocolType = reader.ReadString();
        var count = reader.ReadArrayLength(6);
        var protocols = new List<(string, byte[])>(count);
        for (var i = 0; i < count; i++) protocols.Add((reader.ReadString(), reader.ReadBytesCopy()));
        return new JoinGroupRequest(groupId, sessionTimeout, rebalanceTimeout, memberId, instanceId, protocolType, protocols,
            request.ClientId, request.ClientHost, RequireKnownMemberId: version >= 4);
    }
}
