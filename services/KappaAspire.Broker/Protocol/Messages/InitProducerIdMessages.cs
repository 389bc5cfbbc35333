namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>InitProducerId request v0-1: a transactional id (null for an idempotent producer) and its timeout.</summary>
internal sealed record InitProducerIdRequest(string? TransactionalId, int TransactionTimeoutMs) : IKafkaMessage<InitProducerIdRequest>
{
    public static InitProducerIdRequest Read(ref KafkaReader reader, short version) => new(reader.ReadNullableString(), reader.ReadInt32());

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteNullableString(TransactionalId);
        writer.WriteInt32(TransactionTimeoutMs);
    }
}

/// <summary>InitProducerId response v0-1: the producer id and epoch.</summary>
internal sealed record InitProducerIdResponse(ErrorCode Error, long ProducerId, short ProducerEpoch) : IKafkaMessage<InitProducerIdResponse>
{
    public static InitProducerIdResponse Read(ref KafkaReader reader, short version)
    {
        reader.ReadInt32(); // throttle
        return new((ErrorCode)reader.ReadInt16(), reader.ReadInt64(), reader.ReadInt16());
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteInt32(0); // throttle
        writer.WriteInt16((short)Error);
        writer.WriteInt64(ProducerId);
        writer.WriteInt16(ProducerEpoch);
    }
}
