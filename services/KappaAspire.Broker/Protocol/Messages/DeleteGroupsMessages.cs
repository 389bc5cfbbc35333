namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>DeleteGroups request v0-1 (v2 on is flexible): the groups to delete.</summary>
internal sealed record DeleteGroupsRequest(IReadOnlyList<string> GroupIds) : IKafkaMessage<DeleteGroupsRequest>
{
    public static DeleteGroupsRequest Read(ref KafkaReader reader, short version) =>
        new(reader.ReadArray(2, static (ref KafkaReader r) => r.ReadString()));

    public void Write(KafkaWriter writer, short version) => writer.WriteArray(GroupIds, static (w, id) => w.WriteString(id));
}

/// <summary>DeleteGroups response v0-1: one error per group (v1 only differs in throttling before answering).</summary>
internal sealed record DeleteGroupsResponse(IReadOnlyList<DeleteGroupsResponse.Result> Results) : IKafkaMessage<DeleteGroupsResponse>
{
    internal sealed record Result(string GroupId, ErrorCode Error);

    public static DeleteGroupsResponse Read(ref KafkaReader reader, short version)
    {
        reader.ReadInt32(); // throttle
        return new(reader.ReadArray(4, static (ref KafkaReader r) => new Result(r.ReadString(), (ErrorCode)r.ReadInt16())));
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteInt32(0); // throttle
        writer.WriteArray(Results, static (w, result) =>
        {
            w.WriteString(result.GroupId);
            w.WriteInt16((short)result.Error);
        });
    }
}
