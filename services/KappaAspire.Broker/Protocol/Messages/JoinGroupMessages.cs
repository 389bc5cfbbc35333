namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>JoinGroup request v0-5: v1 adds the rebalance timeout, v5 the group instance id.</summary>
internal sealed record JoinGroupRequest(
    string GroupId,
    int SessionTimeoutMs,
    int RebalanceTimeoutMs,
    string MemberId,
    string? GroupInstanceId,
    string ProtocolType,
    IReadOnlyList<(string Name, byte[] Metadata)> Protocols) : IKafkaMessage<JoinGroupRequest>
{
    public static JoinGroupRequest Read(ref KafkaReader reader, short version)
    {
        var groupId = reader.ReadString();
        var sessionTimeout = reader.ReadInt32();
        var rebalanceTimeout = version >= 1 ? reader.ReadInt32() : sessionTimeout;
        var memberId = reader.ReadString();
        var instanceId = version >= 5 ? reader.ReadNullableString() : null;
        var protocolType = reader.ReadString();
        var protocols = reader.ReadArray(6, static (ref KafkaReader r) => (r.ReadString(), r.ReadBytesCopy()));
        return new(groupId, sessionTimeout, rebalanceTimeout, memberId, instanceId, protocolType, protocols);
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteString(GroupId);
        writer.WriteInt32(SessionTimeoutMs);
        if (version >= 1) writer.WriteInt32(RebalanceTimeoutMs);
        writer.WriteString(MemberId);
        if (version >= 5) writer.WriteNullableString(GroupInstanceId);
        writer.WriteString(ProtocolType);
        writer.WriteArray(Protocols, static (w, p) =>
        {
            w.WriteString(p.Name);
            w.WriteBytes(p.Metadata);
        });
    }
}

/// <summary>JoinGroup response v0-5: the generation, and to the leader every member's metadata (instance ids from v5).</summary>
internal sealed record JoinGroupResponse(
    ErrorCode Error,
    int GenerationId,
    string ProtocolName,
    string LeaderId,
    string MemberId,
    IReadOnlyList<(string MemberId, string? GroupInstanceId, byte[] Metadata)> Members) : IKafkaMessage<JoinGroupResponse>
{
    public static JoinGroupResponse Read(ref KafkaReader reader, short version)
    {
        if (version >= 2) reader.ReadInt32(); // throttle
        var error = (ErrorCode)reader.ReadInt16();
        var generation = reader.ReadInt32();
        var protocol = reader.ReadString();
        var leader = reader.ReadString();
        var member = reader.ReadString();
        var members = reader.ReadArray(6, (ref KafkaReader r) => (r.ReadString(), version >= 5 ? r.ReadNullableString() : null, r.ReadBytesCopy()));
        return new(error, generation, protocol, leader, member, members);
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 2) writer.WriteInt32(0); // throttle
        writer.WriteInt16((short)Error);
        writer.WriteInt32(GenerationId);
        writer.WriteString(ProtocolName);
        writer.WriteString(LeaderId);
        writer.WriteString(MemberId);
        writer.WriteArray(Members, (w, m) =>
        {
            w.WriteString(m.MemberId);
            if (version >= 5) w.WriteNullableString(m.GroupInstanceId);
            w.WriteBytes(m.Metadata);
        });
    }
}
