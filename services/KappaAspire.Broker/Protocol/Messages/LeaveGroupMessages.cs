namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>LeaveGroup request v0-1: one member leaves (v3 on name several, with instance ids).</summary>
internal sealed record LeaveGroupRequest(string GroupId, string MemberId) : IKafkaMessage<LeaveGroupRequest>
{
    public static LeaveGroupRequest Read(ref KafkaReader reader, short version) => new(reader.ReadString(), reader.ReadString());

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteString(GroupId);
        writer.WriteString(MemberId);
    }
}

/// <summary>LeaveGroup response v0-1 (throttle from v1).</summary>
internal sealed record LeaveGroupResponse(ErrorCode Error) : IKafkaMessage<LeaveGroupResponse>
{
    public static LeaveGroupResponse Read(ref KafkaReader reader, short version)
    {
        if (version >= 1) reader.ReadInt32(); // throttle
        return new((ErrorCode)reader.ReadInt16());
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 1) writer.WriteInt32(0); // throttle
        writer.WriteInt16((short)Error);
    }
}
