namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>DeleteTopics request v0-3: topic names and a timeout.</summary>
internal sealed record DeleteTopicsRequest(IReadOnlyList<string> Names, int TimeoutMs) : IKafkaMessage<DeleteTopicsRequest>
{
    public static DeleteTopicsRequest Read(ref KafkaReader reader, short version) =>
        new(reader.ReadArray(2, static (ref KafkaReader r) => r.ReadString()), reader.ReadInt32());

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteArray(Names, static (w, name) => w.WriteString(name));
        writer.WriteInt32(TimeoutMs);
    }
}

/// <summary>DeleteTopics response v0-3: an error per topic (throttle from v1).</summary>
internal sealed record DeleteTopicsResponse(IReadOnlyList<(string Name, ErrorCode Error)> Results) : IKafkaMessage<DeleteTopicsResponse>
{
    public static DeleteTopicsResponse Read(ref KafkaReader reader, short version)
    {
        if (version >= 1) reader.ReadInt32(); // throttle
        return new(reader.ReadArray(4, static (ref KafkaReader r) => (r.ReadString(), (ErrorCode)r.ReadInt16())));
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 1) writer.WriteInt32(0); // throttle
        writer.WriteArray(Results, static (w, r) =>
        {
            w.WriteString(r.Name);
            w.WriteInt16((short)r.Error);
        });
    }
}
