namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>OffsetDelete request v0: a group's committed offsets to delete, by topic and partition.</summary>
internal sealed record OffsetDeleteRequest(string GroupId, IReadOnlyList<OffsetDeleteRequest.Topic> Topics) : IKafkaMessage<OffsetDeleteRequest>
{
    internal sealed record Topic(string Name, IReadOnlyList<int> Partitions);

    public static OffsetDeleteRequest Read(ref KafkaReader reader, short version) =>
        new(reader.ReadString(), reader.ReadArray(6, static (ref KafkaReader r) =>
            new Topic(r.ReadString(), r.ReadArray(4, static (ref KafkaReader p) => p.ReadInt32()))));

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteString(GroupId);
        writer.WriteArray(Topics, static (w, topic) =>
        {
            w.WriteString(topic.Name);
            w.WriteArray(topic.Partitions, static (pw, partition) => pw.WriteInt32(partition));
        });
    }
}

/// <summary>OffsetDelete response v0: an error for the group, else one per partition.</summary>
internal sealed record OffsetDeleteResponse(ErrorCode Error, IReadOnlyList<OffsetDeleteResponse.Topic> Topics) : IKafkaMessage<OffsetDeleteResponse>
{
    internal sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    internal readonly record struct Partition(int Index, ErrorCode Error);

    public static OffsetDeleteResponse Read(ref KafkaReader reader, short version)
    {
        var error = (ErrorCode)reader.ReadInt16();
        reader.ReadInt32(); // throttle
        return new(error, reader.ReadArray(6, static (ref KafkaReader r) =>
            new Topic(r.ReadString(), r.ReadArray(6, static (ref KafkaReader p) => new Partition(p.ReadInt32(), (ErrorCode)p.ReadInt16())))));
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteInt16((short)Error);
        writer.WriteInt32(0); // throttle
        writer.WriteArray(Topics, static (w, topic) =>
        {
            w.WriteString(topic.Name);
            w.WriteArray(topic.Partitions, static (pw, partition) =>
            {
                pw.WriteInt32(partition.Index);
                pw.WriteInt16((short)partition.Error);
            });
        });
    }
}
