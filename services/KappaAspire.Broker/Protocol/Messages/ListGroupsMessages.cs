namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>ListGroups request v0-2: no fields (v4 adds a states filter, v5 a types filter).</summary>
internal sealed record ListGroupsRequest : IKafkaMessage<ListGroupsRequest>
{
    public static ListGroupsRequest Read(ref KafkaReader reader, short version) => new();

    public void Write(KafkaWriter writer, short version)
    {
    }
}

/// <summary>ListGroups response v0-2: every group with its protocol type (throttle from v1).</summary>
internal sealed record ListGroupsResponse(ErrorCode Error, IReadOnlyList<(string GroupId, string ProtocolType)> Groups) : IKafkaMessage<ListGroupsResponse>
{
    public static ListGroupsResponse Read(ref KafkaReader reader, short version)
    {
        if (version >= 1) reader.ReadInt32(); // throttle
        return new((ErrorCode)reader.ReadInt16(), reader.ReadArray(4, static (ref KafkaReader r) => (r.ReadString(), r.ReadString())));
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 1) writer.WriteInt32(0); // throttle
        writer.WriteInt16((short)Error);
        writer.WriteArray(Groups, static (w, g) =>
        {
            w.WriteString(g.GroupId);
            w.WriteString(g.ProtocolType);
        });
    }
}
