namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>
/// Produce request v3-8: record sets per partition, kept as slices of the request frame (never copied: the broker
/// writes their offsets in place and appends them as they are).
/// </summary>
internal sealed record ProduceRequest(string? TransactionalId, short Acks, int TimeoutMs, IReadOnlyList<ProduceRequest.Topic> Topics) : IKafkaMessage<ProduceRequest>
{
    internal sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <param name="Records">The partition's record batches, or null when the client sent none.</param>
    internal sealed record Partition(int Index, ReadOnlyMemory<byte>? Records);

    /// <summary>Needs a reader made over memory (<see cref="KafkaReader(ReadOnlyMemory{byte})"/>).</summary>
    public static ProduceRequest Read(ref KafkaReader reader, short version) =>
        new(reader.ReadNullableString(), reader.ReadInt16(), reader.ReadInt32(),
            reader.ReadArray(6, static (ref KafkaReader r) => new Topic(r.ReadString(), r.ReadArray(8, static (ref KafkaReader p) => new Partition(p.ReadInt32(), p.ReadBytesMemory())))));

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteNullableString(TransactionalId);
        writer.WriteInt16(Acks);
        writer.WriteInt32(TimeoutMs);
        writer.WriteArray(Topics, static (w, topic) =>
        {
            w.WriteString(topic.Name);
            w.WriteArray(topic.Partitions, static (pw, p) =>
            {
                pw.WriteInt32(p.Index);
                if (p.Records is { } records) pw.WriteBytes(records.Span);
                else pw.WriteInt32(-1);
            });
        });
    }
}

/// <summary>Produce response v3-8: per partition the base offset (log start from v5, an error message from v8); throttle last.</summary>
internal sealed record ProduceResponse(IReadOnlyList<ProduceResponse.Topic> Topics) : IKafkaMessage<ProduceResponse>
{
    internal sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <param name="LogAppendTime">-1: topics use CreateTime.</param>
    internal sealed record Partition(int Index, ErrorCode Error, long BaseOffset, long LogAppendTime, long LogStartOffset, string? ErrorMessage);

    public static ProduceResponse Read(ref KafkaReader reader, short version)
    {
        var topics = reader.ReadArray(6, (ref KafkaReader r) => new Topic(r.ReadString(), r.ReadArray(22, (ref KafkaReader p) =>
        {
            var index = p.ReadInt32();
            var error = (ErrorCode)p.ReadInt16();
            var baseOffset = p.ReadInt64();
            var appendTime = p.ReadInt64();
            var logStart = version >= 5 ? p.ReadInt64() : -1;
            string? message = null;
            if (version >= 8)
            {
                p.ReadArray(6, static (ref KafkaReader e) => (e.ReadInt32(), e.ReadNullableString())); // record errors: none written
                message = p.ReadNullableString();
            }
            return new Partition(index, error, baseOffset, appendTime, logStart, message);
        })));
        reader.ReadInt32(); // throttle
        return new(topics);
    }

    public void Write(KafkaWriter writer, short version)
    {
        // Loops, not element writers: closures over the version would allocate on every produce.
        writer.WriteArrayLength(Topics.Count);
        foreach (var topic in Topics)
        {
            writer.WriteString(topic.Name);
            writer.WriteArrayLength(topic.Partitions.Count);
            foreach (var p in topic.Partitions)
            {
                writer.WriteInt32(p.Index);
                writer.WriteInt16((short)p.Error);
                writer.WriteInt64(p.BaseOffset);
                writer.WriteInt64(p.LogAppendTime);
                if (version >= 5) writer.WriteInt64(p.LogStartOffset);
                if (version >= 8)
                {
                    writer.WriteArrayLength(0); // record errors
                    writer.WriteNullableString(p.ErrorMessage);
                }
            }
        }

        writer.WriteInt32(0); // throttle
    }
}
