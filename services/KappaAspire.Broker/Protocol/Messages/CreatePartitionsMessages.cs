namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>
/// CreatePartitions request v0-1: per topic the new total count and, optionally, the replicas of each new partition.
/// </summary>
internal sealed record CreatePartitionsRequest(IReadOnlyList<CreatePartitionsRequest.Topic> Topics, int TimeoutMs, bool ValidateOnly)
    : IKafkaMessage<CreatePartitionsRequest>
{
    internal sealed record Topic(string Name, int Count, IReadOnlyList<IReadOnlyList<int>>? Assignments);

    public static CreatePartitionsRequest Read(ref KafkaReader reader, short version) => new(
        reader.ReadArray(10, static (ref KafkaReader r) => new Topic(
            r.ReadString(),
            r.ReadInt32(),
            r.ReadNullableArray<IReadOnlyList<int>>(4, static (ref KafkaReader a) => a.ReadArray(4, static (ref KafkaReader b) => b.ReadInt32())))),
        reader.ReadInt32(),
        reader.ReadBool());

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteArray(Topics, static (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteInt32(t.Count);
            w.WriteArray(t.Assignments, static (a, replicas) => a.WriteArray(replicas, static (b, id) => b.WriteInt32(id)));
        });
        writer.WriteInt32(TimeoutMs);
        writer.WriteBool(ValidateOnly);
    }
}

/// <summary>CreatePartitions response v0-1: an error and message per topic.</summary>
internal sealed record CreatePartitionsResponse(IReadOnlyList<(string Name, ErrorCode Error, string? Message)> Results)
    : IKafkaMessage<CreatePartitionsResponse>
{
    public static CreatePartitionsResponse Read(ref KafkaReader reader, short version)
    {
        reader.ReadInt32(); // throttle
        return new(reader.ReadArray(6, static (ref KafkaReader r) => (r.ReadString(), (ErrorCode)r.ReadInt16(), r.ReadNullableString())));
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteInt32(0); // throttle
        writer.WriteArray(Results, static (w, r) =>
        {
            w.WriteString(r.Name);
            w.WriteInt16((short)r.Error);
            w.WriteNullableString(r.Message);
        });
    }
}
