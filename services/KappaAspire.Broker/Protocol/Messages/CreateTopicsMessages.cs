namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>CreateTopics request v0-4: topics with partitions, replication, manual assignments and configs; validate-only from v1.</summary>
internal sealed record CreateTopicsRequest(IReadOnlyList<CreateTopicsRequest.Topic> Topics, int TimeoutMs, bool ValidateOnly) : IKafkaMessage<CreateTopicsRequest>
{
    internal sealed record Topic(
        string Name, int Partitions, short ReplicationFactor, IReadOnlyList<(int Partition, IReadOnlyList<int> Brokers)> Assignments,
        IReadOnlyList<(string Name, string? Value)> Configs);

    public static CreateTopicsRequest Read(ref KafkaReader reader, short version)
    {
        var topics = reader.ReadArray(20, static (ref KafkaReader r) => new Topic(
            r.ReadString(), r.ReadInt32(), r.ReadInt16(),
            r.ReadArray(8, static (ref KafkaReader a) => (a.ReadInt32(), (IReadOnlyList<int>)a.ReadArray(4, static (ref KafkaReader b) => b.ReadInt32()))),
            r.ReadArray(4, static (ref KafkaReader c) => (c.ReadString(), c.ReadNullableString()))));
        return new(topics, reader.ReadInt32(), version >= 1 && reader.ReadBool());
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteArray(Topics, static (w, topic) =>
        {
            w.WriteString(topic.Name);
            w.WriteInt32(topic.Partitions);
            w.WriteInt16(topic.ReplicationFactor);
            w.WriteArray(topic.Assignments, static (aw, a) =>
            {
                aw.WriteInt32(a.Partition);
                aw.WriteArray(a.Brokers, static (bw, b) => bw.WriteInt32(b));
            });
            w.WriteArray(topic.Configs, static (cw, c) =>
            {
                cw.WriteString(c.Name);
                cw.WriteNullableString(c.Value);
            });
        });
        writer.WriteInt32(TimeoutMs);
        if (version >= 1) writer.WriteBool(ValidateOnly);
    }
}

/// <summary>CreateTopics response v0-4: an error per topic, with a message from v1 (throttle from v2).</summary>
internal sealed record CreateTopicsResponse(IReadOnlyList<(string Name, ErrorCode Error, string? Message)> Topics) : IKafkaMessage<CreateTopicsResponse>
{
    public static CreateTopicsResponse Read(ref KafkaReader reader, short version)
    {
        if (version >= 2) reader.ReadInt32(); // throttle
        return new(reader.ReadArray(4, (ref KafkaReader r) => (r.ReadString(), (ErrorCode)r.ReadInt16(), version >= 1 ? r.ReadNullableString() : null)));
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 2) writer.WriteInt32(0); // throttle
        writer.WriteArray(Topics, (w, t) =>
        {
            w.WriteString(t.Name);
            w.WriteInt16((short)t.Error);
            if (version >= 1) w.WriteNullableString(t.Message);
        });
    }
}
