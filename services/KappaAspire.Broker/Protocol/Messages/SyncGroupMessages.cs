namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>SyncGroup request v0-3: the leader's assignment per member (others send none); v3 adds the group instance id.</summary>
internal sealed record SyncGroupRequest(
    string GroupId, int GenerationId, string MemberId, string? GroupInstanceId, IReadOnlyList<(string MemberId, byte[] Assignment)> Assignments)
    : IKafkaMessage<SyncGroupRequest>
{
    public static SyncGroupRequest Read(ref KafkaReader reader, short version) =>
        new(reader.ReadString(), reader.ReadInt32(), reader.ReadString(), version >= 3 ? reader.ReadNullableString() : null,
            reader.ReadArray(6, static (ref KafkaReader r) => (r.ReadString(), r.ReadBytesCopy())));

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteString(GroupId);
        writer.WriteInt32(GenerationId);
        writer.WriteString(MemberId);
        if (version >= 3) writer.WriteNullableString(GroupInstanceId);
        writer.WriteArray(Assignments, static (w, a) =>
        {
            w.WriteString(a.MemberId);
            w.WriteBytes(a.Assignment);
        });
    }
}

/// <summary>SyncGroup response v0-3: this member's part of the assignment (throttle from v1).</summary>
internal sealed record SyncGroupResponse(ErrorCode Error, byte[] Assignment) : IKafkaMessage<SyncGroupResponse>
{
    public static SyncGroupResponse Read(ref KafkaReader reader, short version)
    {
        if (version >= 1) reader.ReadInt32(); // throttle
        return new((ErrorCode)reader.ReadInt16(), reader.ReadBytesCopy());
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 1) writer.WriteInt32(0); // throttle
        writer.WriteInt16((short)Error);
        writer.WriteBytes(Assignment);
    }
}
