namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>
/// LeaveGroup request v0-3: v0-2 name one member; v3 names several, each by member id and/or group instance id
/// (an admin removes a static member by its instance id alone).
/// </summary>
internal sealed record LeaveGroupRequest(string GroupId, IReadOnlyList<LeaveGroupRequest.Member> Members) : IKafkaMessage<LeaveGroupRequest>
{
    internal sealed record Member(string MemberId, string? GroupInstanceId);

    public static LeaveGroupRequest Read(ref KafkaReader reader, short version)
    {
        var groupId = reader.ReadString();
        if (version < 3) return new(groupId, [new Member(reader.ReadString(), null)]);
        return new(groupId, reader.ReadArray(3, static (ref KafkaReader r) => new Member(r.ReadString(), r.ReadNullableString())));
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteString(GroupId);
        if (version < 3)
        {
            writer.WriteString(Members.Single().MemberId);
            return;
        }
        writer.WriteArray(Members, static (w, m) =>
        {
            w.WriteString(m.MemberId);
            w.WriteNullableString(m.GroupInstanceId);
        });
    }
}

/// <summary>LeaveGroup response v0-3 (throttle from v1; one error per member from v3).</summary>
internal sealed record LeaveGroupResponse(ErrorCode Error, IReadOnlyList<LeaveGroupResponse.Member> Members) : IKafkaMessage<LeaveGroupResponse>
{
    internal sealed record Member(string MemberId, string? GroupInstanceId, ErrorCode Error);

    public static LeaveGroupResponse Read(ref KafkaReader reader, short version)
    {
        if (version >= 1) reader.ReadInt32(); // throttle
        var error = (ErrorCode)reader.ReadInt16();
        if (version < 3) return new(error, []);
        return new(error, reader.ReadArray(6, static (ref KafkaReader r) => new Member(r.ReadString(), r.ReadNullableString(), (ErrorCode)r.ReadInt16())));
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 1) writer.WriteInt32(0); // throttle
        writer.WriteInt16((short)Error);
        if (version < 3) return;
        writer.WriteArray(Members, static (w, m) =>
        {
            w.WriteString(m.MemberId);
            w.WriteNullableString(m.GroupInstanceId);
            w.WriteInt16((short)m.Error);
        });
    }
}
