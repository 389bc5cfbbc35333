namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>Heartbeat request v0-3 (v3 adds the group instance id).</summary>
internal sealed record HeartbeatRequest(string GroupId, int GenerationId, string MemberId, string? GroupInstanceId) : IKafkaMessage<HeartbeatRequest>
{
    public static HeartbeatRequest Read(ref KafkaReader reader, short version) =>
        new(reader.ReadString(), reader.ReadInt32(), reader.ReadString(), version >= 3 ? reader.ReadNullableString() : null);

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteString(GroupId);
        writer.WriteInt32(GenerationId);
        writer.WriteString(MemberId);
        if (version >= 3) writer.WriteNullableString(GroupInstanceId);
    }
}

/// <summary>Heartbeat response v0-3 (throttle from v1).</summary>
internal sealed record HeartbeatResponse(ErrorCode Error) : IKafkaMessage<HeartbeatResponse>
{
    public static HeartbeatResponse Read(ref KafkaReader reader, short version)
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
