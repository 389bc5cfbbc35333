namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>OffsetForLeaderEpoch request v2: per partition the client's current leader epoch and the epoch whose end it asks for.</summary>
internal sealed record OffsetForLeaderEpochRequest(IReadOnlyList<OffsetForLeaderEpochRequest.Topic> Topics) : IKafkaMessage<OffsetForLeaderEpochRequest>
{
    internal sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    internal readonly record struct Partition(int Index, int CurrentLeaderEpoch, int LeaderEpoch);

    public static OffsetForLeaderEpochRequest Read(ref KafkaReader reader, short version) =>
        new(reader.ReadArray(6, static (ref KafkaReader r) => new Topic(r.ReadString(), r.ReadArray(12, static (ref KafkaReader p) =>
            new Partition(p.ReadInt32(), p.ReadInt32(), p.ReadInt32())))));

    public void Write(KafkaWriter writer, short version) =>
        writer.WriteArray(Topics, static (w, topic) =>
        {
            w.WriteString(topic.Name);
            w.WriteArray(topic.Partitions, static (pw, p) =>
            {
                pw.WriteInt32(p.Index);
                pw.WriteInt32(p.CurrentLeaderEpoch);
                pw.WriteInt32(p.LeaderEpoch);
            });
        });
}

/// <summary>OffsetForLeaderEpoch response v2: per partition the epoch and its end offset.</summary>
internal sealed record OffsetForLeaderEpochResponse(IReadOnlyList<OffsetForLeaderEpochResponse.Topic> Topics) : IKafkaMessage<OffsetForLeaderEpochResponse>
{
    internal sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    internal readonly record struct Partition(ErrorCode Error, int Index, int LeaderEpoch, long EndOffset);

    public static OffsetForLeaderEpochResponse Read(ref KafkaReader reader, short version)
    {
        reader.ReadInt32(); // throttle
        return new(reader.ReadArray(6, static (ref KafkaReader r) => new Topic(r.ReadString(), r.ReadArray(18, static (ref KafkaReader p) =>
            new Partition((ErrorCode)p.ReadInt16(), p.ReadInt32(), p.ReadInt32(), p.ReadInt64())))));
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteInt32(0); // throttle
        writer.WriteArray(Topics, static (w, topic) =>
        {
            w.WriteString(topic.Name);
            w.WriteArray(topic.Partitions, static (pw, p) =>
            {
                pw.WriteInt16((short)p.Error);
                pw.WriteInt32(p.Index);
                pw.WriteInt32(p.LeaderEpoch);
                pw.WriteInt64(p.EndOffset);
            });
        });
    }
}
