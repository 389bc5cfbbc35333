namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>OffsetFetch request v1-5: a group's committed offsets of some partitions; from v2 null topics mean all.</summary>
internal sealed record OffsetFetchRequest(string GroupId, IReadOnlyList<OffsetFetchRequest.Topic>? Topics) : IKafkaMessage<OffsetFetchRequest>
{
    internal sealed record Topic(string Name, IReadOnlyList<int> Partitions);

    public static OffsetFetchRequest Read(ref KafkaReader reader, short version) =>
        new(reader.ReadString(), reader.ReadNullableArray(6, static (ref KafkaReader r) =>
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

/// <summary>OffsetFetch response v1-5: per partition the offset (-1 where none), leader epoch from v5; a group error from v2.</summary>
internal sealed record OffsetFetchResponse(IReadOnlyList<OffsetFetchResponse.Topic> Topics, ErrorCode Error) : IKafkaMessage<OffsetFetchResponse>
{
    internal sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    internal sealed record Partition(int Index, long Offset, int LeaderEpoch, string? Metadata, ErrorCode Error);

    public static OffsetFetchResponse Read(ref KafkaReader reader, short version)
    {
        if (version >= 3) reader.ReadInt32(); // throttle
        var topics = reader.ReadArray(6, (ref KafkaReader r) => new Topic(r.ReadString(), r.ReadArray(16, (ref KafkaReader p) =>
            new Partition(p.ReadInt32(), p.ReadInt64(), version >= 5 ? p.ReadInt32() : -1, p.ReadNullableString(), (ErrorCode)p.ReadInt16()))));
        return new(topics, version >= 2 ? (ErrorCode)reader.ReadInt16() : ErrorCode.None);
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 3) writer.WriteInt32(0); // throttle
        writer.WriteArray(Topics, (w, topic) =>
        {
            w.WriteString(topic.Name);
            w.WriteArray(topic.Partitions, (pw, p) =>
            {
                pw.WriteInt32(p.Index);
                pw.WriteInt64(p.Offset);
                if (version >= 5) pw.WriteInt32(p.LeaderEpoch);
                pw.WriteNullableString(p.Metadata);
                pw.WriteInt16((short)p.Error);
            });
        });
        if (version >= 2) writer.WriteInt16((short)Error);
    }
}
