namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>
/// OffsetCommit request v2-7: positions to commit for a group member; a retention time in v2-4 (ignored: offsets are
/// kept until the group is deleted), leader epochs from v6, the group instance id from v7.
/// </summary>
internal sealed record OffsetCommitRequest(
    string GroupId, int GenerationId, string MemberId, string? GroupInstanceId, long RetentionTimeMs, IReadOnlyList<OffsetCommitRequest.Topic> Topics)
    : IKafkaMessage<OffsetCommitRequest>
{
    internal sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    internal sealed record Partition(int Index, long Offset, int LeaderEpoch, string? Metadata);

    public static OffsetCommitRequest Read(ref KafkaReader reader, short version)
    {
        var groupId = reader.ReadString();
        var generation = reader.ReadInt32();
        var memberId = reader.ReadString();
        var instanceId = version >= 7 ? reader.ReadNullableString() : null;
        var retention = version <= 4 ? reader.ReadInt64() : -1;
        var topics = reader.ReadArray(6, (ref KafkaReader r) => new Topic(r.ReadString(), r.ReadArray(14, (ref KafkaReader p) =>
            new Partition(p.ReadInt32(), p.ReadInt64(), version >= 6 ? p.ReadInt32() : -1, p.ReadNullableString()))));
        return new(groupId, generation, memberId, instanceId, retention, topics);
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteString(GroupId);
        writer.WriteInt32(GenerationId);
        writer.WriteString(MemberId);
        if (version >= 7) writer.WriteNullableString(GroupInstanceId);
        if (version <= 4) writer.WriteInt64(RetentionTimeMs);
        writer.WriteArray(Topics, (w, topic) =>
        {
            w.WriteString(topic.Name);
            w.WriteArray(topic.Partitions, (pw, p) =>
            {
                pw.WriteInt32(p.Index);
                pw.WriteInt64(p.Offset);
                if (version >= 6) pw.WriteInt32(p.LeaderEpoch);
                pw.WriteNullableString(p.Metadata);
            });
        });
    }
}

/// <summary>OffsetCommit response v2-7: an error per partition (throttle from v3).</summary>
internal sealed record OffsetCommitResponse(IReadOnlyList<OffsetCommitResponse.Topic> Topics) : IKafkaMessage<OffsetCommitResponse>
{
    internal sealed record Topic(string Name, IReadOnlyList<(int Index, ErrorCode Error)> Partitions);

    public static OffsetCommitResponse Read(ref KafkaReader reader, short version)
    {
        if (version >= 3) reader.ReadInt32(); // throttle
        return new(reader.ReadArray(6, static (ref KafkaReader r) =>
            new Topic(r.ReadString(), r.ReadArray(6, static (ref KafkaReader p) => (p.ReadInt32(), (ErrorCode)p.ReadInt16())))));
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 3) writer.WriteInt32(0); // throttle
        writer.WriteArray(Topics, static (w, topic) =>
        {
            w.WriteString(topic.Name);
            w.WriteArray(topic.Partitions, static (pw, p) =>
            {
                pw.WriteInt32(p.Index);
                pw.WriteInt16((short)p.Error);
            });
        });
    }
}
