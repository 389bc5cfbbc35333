namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>
/// Metadata request v0-8: the topics, null for all (in v0 an empty list means all); from v4 whether to create unknown
/// ones; from v8 whether to include authorized operations.
/// </summary>
internal sealed record MetadataRequest(IReadOnlyList<string>? Topics, bool AllowAutoTopicCreation, bool IncludeClusterOperations, bool IncludeTopicOperations)
    : IKafkaMessage<MetadataRequest>
{
    public static MetadataRequest Read(ref KafkaReader reader, short version)
    {
        var topics = reader.ReadNullableArray(2, static (ref KafkaReader r) => r.ReadString());
        if (version == 0 && topics is { Count: 0 }) topics = null;
        // Before v4 the broker's own auto.create.topics.enable decides.
        var allowAutoCreate = version < 4 || reader.ReadBool();
        var cluster = version >= 8 && reader.ReadBool();
        var topicOperations = version >= 8 && reader.ReadBool();
        return new(topics, allowAutoCreate, cluster, topicOperations);
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteArray(version == 0 ? Topics ?? [] : Topics, static (w, t) => w.WriteString(t));
        if (version >= 4) writer.WriteBool(AllowAutoTopicCreation);
        if (version >= 8)
        {
            writer.WriteBool(IncludeClusterOperations);
            writer.WriteBool(IncludeTopicOperations);
        }
    }
}

/// <summary>
/// Metadata response v0-8: brokers (rack from v1), cluster id (v2), controller (v1), topics with their partitions
/// (leader epoch from v7, offline replicas from v5), authorized operations (v8, never computed here).
/// </summary>
internal sealed record MetadataResponse(
    IReadOnlyList<MetadataResponse.Broker> Brokers, string? ClusterId, int ControllerId, IReadOnlyList<MetadataResponse.Topic> Topics)
    : IKafkaMessage<MetadataResponse>
{
    /// <summary>Authorized operations when not computed.</summary>
    public const int OperationsNotComputed = int.MinValue;

    internal sealed record Broker(int NodeId, string Host, int Port, string? Rack);

    internal sealed record Topic(ErrorCode Error, string Name, bool IsInternal, IReadOnlyList<Partition> Partitions);

    internal sealed record Partition(ErrorCode Error, int Index, int Leader, int LeaderEpoch, IReadOnlyList<int> Replicas, IReadOnlyList<int> InSyncReplicas, IReadOnlyList<int> OfflineReplicas);

    public static MetadataResponse Read(ref KafkaReader reader, short version)
    {
        if (version >= 3) reader.ReadInt32(); // throttle
        var brokers = reader.ReadArray(10, (ref KafkaReader r) => new Broker(r.ReadInt32(), r.ReadString(), r.ReadInt32(), version >= 1 ? r.ReadNullableString() : null));
        var clusterId = version >= 2 ? reader.ReadNullableString() : null;
        var controller = version >= 1 ? reader.ReadInt32() : -1;
        var topics = reader.ReadArray(8, (ref KafkaReader r) =>
        {
            var error = (ErrorCode)r.ReadInt16();
            var name = r.ReadString();
            var isInternal = version >= 1 && r.ReadBool();
            var partitions = r.ReadArray(18, (ref KafkaReader p) =>
            {
                var partitionError = (ErrorCode)p.ReadInt16();
                var index = p.ReadInt32();
                var leader = p.ReadInt32();
                var epoch = version >= 7 ? p.ReadInt32() : -1;
                var replicas = p.ReadArray(4, static (ref KafkaReader n) => n.ReadInt32());
                var isr = p.ReadArray(4, static (ref KafkaReader n) => n.ReadInt32());
                var offline = version >= 5 ? p.ReadArray(4, static (ref KafkaReader n) => n.ReadInt32()) : [];
                return new Partition(partitionError, index, leader, epoch, replicas, isr, offline);
            });
            if (version >= 8) r.ReadInt32(); // topic authorized operations
            return new Topic(error, name, isInternal, partitions);
        });
        if (version >= 8) reader.ReadInt32(); // cluster authorized operations
        return new(brokers, clusterId, controller, topics);
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version >= 3) writer.WriteInt32(0); // throttle
        writer.WriteArray(Brokers, (w, b) =>
        {
            w.WriteInt32(b.NodeId);
            w.WriteString(b.Host);
            w.WriteInt32(b.Port);
            if (version >= 1) w.WriteNullableString(b.Rack);
        });
        if (version >= 2) writer.WriteNullableString(ClusterId);
        if (version >= 1) writer.WriteInt32(ControllerId);
        writer.WriteArray(Topics, (w, t) =>
        {
            w.WriteInt16((short)t.Error);
            w.WriteString(t.Name);
            if (version >= 1) w.WriteBool(t.IsInternal);
            w.WriteArray(t.Partitions, (pw, p) =>
            {
                pw.WriteInt16((short)p.Error);
                pw.WriteInt32(p.Index);
                pw.WriteInt32(p.Leader);
                if (version >= 7) pw.WriteInt32(p.LeaderEpoch);
                pw.WriteArray(p.Replicas, static (nw, n) => nw.WriteInt32(n));
                pw.WriteArray(p.InSyncReplicas, static (nw, n) => nw.WriteInt32(n));
                if (version >= 5) pw.WriteArray(p.OfflineReplicas, static (nw, n) => nw.WriteInt32(n));
            });
            if (version >= 8) w.WriteInt32(OperationsNotComputed);
        });
        if (version >= 8) writer.WriteInt32(OperationsNotComputed);
    }
}
