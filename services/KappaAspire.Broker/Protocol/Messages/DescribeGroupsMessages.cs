namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>DescribeGroups request v0-4: the groups (v3 adds whether to include authorized operations).</summary>
internal sealed record DescribeGroupsRequest(IReadOnlyList<string> GroupIds, bool IncludeAuthorizedOperations) : IKafkaMessage<DescribeGroupsRequest>
{
    public static DescribeGroupsRequest Read(ref KafkaReader reader, short version) =>
        new(reader.ReadArray(2, static (ref KafkaReader r) => r.ReadString()), version >= 3 && reader.ReadBool());

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteArray(GroupIds, static (w, id) => w.WriteString(id));
        if (version >= 3) writer.WriteBool(IncludeAuthorizedOperations);
    }
}

/// <summary>DescribeGroups response v0-4: state, protocol and members (instance ids from v4, authorized operations from v3).</summary>
internal sealed record DescribeGroupsResponse(IReadOnlyList<DescribeGroupsResponse.Group> Groups) : IKafkaMessage<DescribeGroupsResponse>
{
    /// <summary>Authorized operations when not computed.</summary>
    public const int OperationsNotComputed = int.MinValue;

    internal sealed record Group(ErrorCode Error, string GroupId, string State, string ProtocolType, string Protocol, IReadOnlyList<Member> Members);

    internal sealed record Member(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, byte[] Metadata, byte[] Assignment);

    public static DescribeGroupsResponse Read(ref KafkaReader reader, short version)
    {
        if (version >= 1) reader.ReadInt32(); // throttle
        return new(reader.ReadArray(24, (ref KafkaReader r) =>
        {
            var error = (ErrorCode)r.ReadInt16();
            var groupId = r.ReadString();
            var state = r.ReadString();
            var protocolType = r.ReadString();
            var protocol = r.ReadString();
            var members = r.ReadArray(14, (ref KafkaReader m) => new Member(
                m.ReadString(), version >= 4 ? m.ReadNullableString() : null, m.ReadString(), m.ReadString(), m.ReadBytesCopy(), m.ReadBytesCopy()));
            if (version >= 3) r.ReadInt32(); // authorized operations
            return new Group(error, groupId, state, protocolType, protocol, members);
        }));
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 1) writer.WriteInt32(0); // throttle
        writer.WriteArray(Groups, (w, group) =>
        {
            w.WriteInt16((short)group.Error);
            w.WriteString(group.GroupId);
            w.WriteString(group.State);
            w.WriteString(group.ProtocolType);
            w.WriteString(group.Protocol);
            w.WriteArray(group.Members, (mw, member) =>
            {
                mw.WriteString(member.MemberId);
                if (version >= 4) mw.WriteNullableString(member.GroupInstanceId);
                mw.WriteString(member.ClientId);
                mw.WriteString(member.ClientHost);
                mw.WriteBytes(member.Metadata);
                mw.WriteBytes(member.Assignment);
            });
            if (version >= 3) w.WriteInt32(OperationsNotComputed);
        });
    }
}
