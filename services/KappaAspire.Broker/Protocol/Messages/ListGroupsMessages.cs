namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>ListGroups request v0-5: no fields up to v2, flexible from v3, a states filter from v4, a types filter from v5.</summary>
internal sealed record ListGroupsRequest(IReadOnlyList<string> StatesFilter, IReadOnlyList<string> TypesFilter) : IKafkaMessage<ListGroupsRequest>
{
    public const short FirstFlexibleVersion = 3;

    public static ListGroupsRequest Read(ref KafkaReader reader, short version)
    {
        if (version < FirstFlexibleVersion) return new([], []);
        List<string> states = version >= 4 ? reader.ReadArray(true, 1, static (ref KafkaReader r) => r.ReadString(true)) : [];
        List<string> types = version >= 5 ? reader.ReadArray(true, 1, static (ref KafkaReader r) => r.ReadString(true)) : [];
        reader.SkipTaggedFields();
        return new(states, types);
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version < FirstFlexibleVersion) return;
        if (version >= 4) writer.WriteArray(StatesFilter, static (w, s) => w.WriteString(s, true), compact: true);
        if (version >= 5) writer.WriteArray(TypesFilter, static (w, t) => w.WriteString(t, true), compact: true);
        writer.WriteEmptyTaggedFields();
    }
}

/// <summary>ListGroups response v0-5: every group with its protocol type (throttle from v1), its state from v4, its type from v5.</summary>
internal sealed record ListGroupsResponse(ErrorCode Error, IReadOnlyList<ListGroupsResponse.Group> Groups) : IKafkaMessage<ListGroupsResponse>
{
    internal sealed record Group(string GroupId, string ProtocolType, string State, string Type);

    public static ListGroupsResponse Read(ref KafkaReader reader, short version)
    {
        var flexible = version >= ListGroupsRequest.FirstFlexibleVersion;
        if (version >= 1) reader.ReadInt32(); // throttle
        var error = (ErrorCode)reader.ReadInt16();
        var groups = reader.ReadArray(flexible, 4, (ref KafkaReader r) =>
        {
            var group = new Group(r.ReadString(flexible), r.ReadString(flexible), version >= 4 ? r.ReadString(true) : "", version >= 5 ? r.ReadString(true) : "");
            if (flexible) r.SkipTaggedFields();
            return group;
        });
        if (flexible) reader.SkipTaggedFields();
        return new(error, groups);
    }

    public void Write(KafkaWriter writer, short version)
    {
        var flexible = version >= ListGroupsRequest.FirstFlexibleVersion;
        if (version >= 1) writer.WriteInt32(0); // throttle
        writer.WriteInt16((short)Error);
        writer.WriteArray(Groups, (w, g) =>
        {
            w.WriteString(g.GroupId, flexible);
            w.WriteString(g.ProtocolType, flexible);
            if (version >= 4) w.WriteString(g.State, true);
            if (version >= 5) w.WriteString(g.Type, true);
            if (flexible) w.WriteEmptyTaggedFields();
        }, flexible);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
