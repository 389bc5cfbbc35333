namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>
/// ListOffsets request v1-8: an offset per partition by timestamp (-1 latest, -2 earliest, -3 the record with the
/// largest timestamp from v7, -4 the earliest local offset from v8); isolation from v2, leader epoch from v4, flexible from v6.
/// </summary>
internal sealed record ListOffsetsRequest(int ReplicaId, sbyte IsolationLevel, IReadOnlyList<ListOffsetsRequest.Topic> Topics) : IKafkaMessage<ListOffsetsRequest>
{
    public const short FirstFlexibleVersion = 6;

    internal sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    internal readonly record struct Partition(int Index, int CurrentLeaderEpoch, long Timestamp);

    public static ListOffsetsRequest Read(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var replica = reader.ReadInt32();
        var isolation = version >= 2 ? reader.ReadInt8() : (sbyte)0;
        var topics = reader.ReadArray(flexible, 6, (ref KafkaReader r) =>
        {
            var topic = new Topic(r.ReadString(flexible), r.ReadArray(flexible, 12, (ref KafkaReader p) =>
            {
                var partition = new Partition(p.ReadInt32(), version >= 4 ? p.ReadInt32() : -1, p.ReadInt64());
                if (flexible) p.SkipTaggedFields();
                return partition;
            }));
            if (flexible) r.SkipTaggedFields();
            return topic;
        });
        if (flexible) reader.SkipTaggedFields();
        return new(replica, isolation, topics);
    }

    public void Write(KafkaWriter writer, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        writer.WriteInt32(ReplicaId);
        if (version >= 2) writer.WriteInt8(IsolationLevel);
        writer.WriteArray(Topics, (w, topic) =>
        {
            w.WriteString(topic.Name, flexible);
            w.WriteArray(topic.Partitions, (pw, p) =>
            {
                pw.WriteInt32(p.Index);
                if (version >= 4) pw.WriteInt32(p.CurrentLeaderEpoch);
                pw.WriteInt64(p.Timestamp);
                if (flexible) pw.WriteEmptyTaggedFields();
            }, flexible);
            if (flexible) w.WriteEmptyTaggedFields();
        }, flexible);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}

/// <summary>ListOffsets response v1-8: per partition the offset and the timestamp found (throttle from v2, leader epoch from v4, flexible from v6).</summary>
internal sealed record ListOffsetsResponse(IReadOnlyList<ListOffsetsResponse.Topic> Topics) : IKafkaMessage<ListOffsetsResponse>
{
    internal sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    internal readonly record struct Partition(int Index, ErrorCode Error, long Timestamp, long Offset, int LeaderEpoch);

    public static ListOffsetsResponse Read(ref KafkaReader reader, short version)
    {
        var flexible = version >= ListOffsetsRequest.FirstFlexibleVersion;
        if (version >= 2) reader.ReadInt32(); // throttle
        var topics = reader.ReadArray(flexible, 6, (ref KafkaReader r) =>
        {
            var topic = new Topic(r.ReadString(flexible), r.ReadArray(flexible, 22, (ref KafkaReader p) =>
            {
                var partition = new Partition(p.ReadInt32(), (ErrorCode)p.ReadInt16(), p.ReadInt64(), p.ReadInt64(), version >= 4 ? p.ReadInt32() : -1);
                if (flexible) p.SkipTaggedFields();
                return partition;
            }));
            if (flexible) r.SkipTaggedFields();
            return topic;
        });
        if (flexible) reader.SkipTaggedFields();
        return new(topics);
    }

    public void Write(KafkaWriter writer, short version)
    {
        var flexible = version >= ListOffsetsRequest.FirstFlexibleVersion;
        if (version >= 2) writer.WriteInt32(0); // throttle
        writer.WriteArray(Topics, (w, topic) =>
        {
            w.WriteString(topic.Name, flexible);
            w.WriteArray(topic.Partitions, (pw, p) =>
            {
                pw.WriteInt32(p.Index);
                pw.WriteInt16((short)p.Error);
                pw.WriteInt64(p.Timestamp);
                pw.WriteInt64(p.Offset);
                if (version >= 4) pw.WriteInt32(p.LeaderEpoch);
                if (flexible) pw.WriteEmptyTaggedFields();
            }, flexible);
            if (flexible) w.WriteEmptyTaggedFields();
        }, flexible);
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
