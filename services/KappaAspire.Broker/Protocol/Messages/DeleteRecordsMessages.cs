namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>DeleteRecords request v0-1: per partition the offset before which records go (-1: the high watermark).</summary>
internal sealed record DeleteRecordsRequest(IReadOnlyList<DeleteRecordsRequest.Topic> Topics, int TimeoutMs) : IKafkaMessage<DeleteRecordsRequest>
{
    internal sealed record Topic(string Name, IReadOnlyList<(int Partition, long Offset)> Partitions);

    public static DeleteRecordsRequest Read(ref KafkaReader reader, short version) => new(
        reader.ReadArray(6, static (ref KafkaReader r) => new Topic(
            r.ReadString(),
            r.ReadArray(12, static (ref KafkaReader p) => (p.ReadInt32(), p.ReadInt64())))),
        reader.ReadInt32());

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteArray(Topics, static (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteArray(t.Partitions, static (p, partition) =>
            {
                p.WriteInt32(partition.Partition);
                p.WriteInt64(partition.Offset);
            });
        });
        writer.WriteInt32(TimeoutMs);
    }
}

/// <summary>DeleteRecords response v0-1: per partition the new low watermark (log start offset) or an error.</summary>
internal sealed record DeleteRecordsResponse(IReadOnlyList<DeleteRecordsResponse.Topic> Topics) : IKafkaMessage<DeleteRecordsResponse>
{
    internal sealed record Topic(string Name, IReadOnlyList<(int Partition, long LowWatermark, ErrorCode Error)> Partitions);

    public static DeleteRecordsResponse Read(ref KafkaReader reader, short version)
    {
        reader.ReadInt32(); // throttle
        return new(reader.ReadArray(6, static (ref KafkaReader r) => new Topic(
            r.ReadString(),
            r.ReadArray(14, static (ref KafkaReader p) => (p.ReadInt32(), p.ReadInt64(), (ErrorCode)p.ReadInt16())))));
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteInt32(0); // throttle
        writer.WriteArray(Topics, static (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteArray(t.Partitions, static (p, partition) =>
            {
                p.WriteInt32(partition.Partition);
                p.WriteInt64(partition.LowWatermark);
                p.WriteInt16((short)partition.Error);
            });
        });
    }
}
