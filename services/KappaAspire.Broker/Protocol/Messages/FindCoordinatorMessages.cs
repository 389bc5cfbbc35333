namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>FindCoordinator request v0-2: the key (a group id) and, from v1, its type (0 group, 1 transaction).</summary>
internal sealed record FindCoordinatorRequest(string Key, sbyte KeyType) : IKafkaMessage<FindCoordinatorRequest>
{
    public static FindCoordinatorRequest Read(ref KafkaReader reader, short version) =>
        new(reader.ReadString(), version >= 1 ? reader.ReadInt8() : (sbyte)0);

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteString(Key);
        if (version >= 1) writer.WriteInt8(KeyType);
    }
}

/// <summary>FindCoordinator response v0-2: the coordinating node (throttle and error message from v1).</summary>
internal sealed record FindCoordinatorResponse(ErrorCode Error, string? ErrorMessage, int NodeId, string Host, int Port) : IKafkaMessage<FindCoordinatorResponse>
{
    public static FindCoordinatorResponse Read(ref KafkaReader reader, short version)
    {
        if (version >= 1) reader.ReadInt32(); // throttle
        var error = (ErrorCode)reader.ReadInt16();
        var message = version >= 1 ? reader.ReadNullableString() : null;
        return new(error, message, reader.ReadInt32(), reader.ReadString(), reader.ReadInt32());
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 1) writer.WriteInt32(0); // throttle
        writer.WriteInt16((short)Error);
        if (version >= 1) writer.WriteNullableString(ErrorMessage);
        writer.WriteInt32(NodeId);
        writer.WriteString(Host);
        writer.WriteInt32(Port);
    }
}
