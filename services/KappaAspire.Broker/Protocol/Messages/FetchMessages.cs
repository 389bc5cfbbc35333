namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>
/// Fetch request v4-11: partitions to read from an offset, with size limits and a long-poll (max wait, min bytes); session
/// fields from v7, leader epochs from v9, the rack from v11 (forgotten topics and the rack only matter to fetch sessions
/// and rack-aware replicas, which this broker does not have: they are read and kept, not used).
/// </summary>
internal sealed record FetchRequest(
    int ReplicaId, int MaxWaitMs, int MinBytes, int MaxBytes, sbyte IsolationLevel, int SessionId, int SessionEpoch,
    IReadOnlyList<FetchRequest.Topic> Topics, IReadOnlyList<FetchRequest.Topic> ForgottenTopics, string RackId) : IKafkaMessage<FetchRequest>
{
    internal sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    internal readonly record struct Partition(int Index, int CurrentLeaderEpoch, long FetchOffset, long LogStartOffset, int MaxBytes);

    public static FetchRequest Read(ref KafkaReader reader, short version)
    {
        var replica = reader.ReadInt32();
        var maxWait = reader.ReadInt32();
        var minBytes = reader.ReadInt32();
        var maxBytes = reader.ReadInt32();
        var isolation = reader.ReadInt8();
        var (sessionId, sessionEpoch) = version >= 7 ? (reader.ReadInt32(), reader.ReadInt32()) : (0, -1);
        // Loops, not element readers: every consumer sends this many times a second, and closures over the version would allocate.
        var topicCount = reader.ReadArrayLength(6);
        var topics = new List<Topic>(Math.Max(topicCount, 0));
        for (var t = 0; t < topicCount; t++)
        {
            var name = reader.ReadString();
            var partitionCount = reader.ReadArrayLength(16);
            var partitions = new List<Partition>(Math.Max(partitionCount, 0));
            for (var i = 0; i < partitionCount; i++)
            {
                var index = reader.ReadInt32();
                var epoch = version >= 9 ? reader.ReadInt32() : -1;
                var offset = reader.ReadInt64();
                var logStart = version >= 5 ? reader.ReadInt64() : -1;
                partitions.Add(new Partition(index, epoch, offset, logStart, reader.ReadInt32()));
            }

            topics.Add(new Topic(name, partitions));
        }

        var forgotten = version >= 7
            ? reader.ReadArray(6, static (ref KafkaReader r) => new Topic(r.ReadString(), r.ReadArray(4, static (ref KafkaReader p) => new Partition(p.ReadInt32(), -1, -1, -1, 0))))
            : [];
        var rack = version >= 11 ? reader.ReadString() : "";
        return new(replica, maxWait, minBytes, maxBytes, isolation, sessionId, sessionEpoch, topics, forgotten, rack);
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteInt32(ReplicaId);
        writer.WriteInt32(MaxWaitMs);
        writer.WriteInt32(MinBytes);
        writer.WriteInt32(MaxBytes);
        writer.WriteInt8(IsolationLevel);
        if (version >= 7)
        {
            writer.WriteInt32(SessionId);
            writer.WriteInt32(SessionEpoch);
        }
        writer.WriteArray(Topics, (w, topic) =>
        {
            w.WriteString(topic.Name);
            w.WriteArray(topic.Partitions, (pw, p) =>
            {
                pw.WriteInt32(p.Index);
                if (version >= 9) pw.WriteInt32(p.CurrentLeaderEpoch);
                pw.WriteInt64(p.FetchOffset);
                if (version >= 5) pw.WriteInt64(p.LogStartOffset);
                pw.WriteInt32(p.MaxBytes);
            });
        });
        if (version >= 7)
        {
            writer.WriteArray(ForgottenTopics, static (w, topic) =>
            {
                w.WriteString(topic.Name);
                w.WriteArray(topic.Partitions, static (pw, p) => pw.WriteInt32(p.Index));
            });
        }
        if (version >= 11) writer.WriteString(RackId);
    }
}

/// <summary>
/// Fetch response v4-11. The broker streams it (<see cref="WriteHeader"/>, then per partition <see cref="WritePartitionHeader"/>
/// and the records straight from the log), so a partition's records are written where they are read; the record form
/// here, with the same writers, is for reading a response and for tests.
/// </summary>
internal sealed record FetchResponse(ErrorCode Error, int SessionId, IReadOnlyList<FetchResponse.Topic> Topics) : IKafkaMessage<FetchResponse>
{
    internal sealed record Topic(string Name, IReadOnlyList<Partition> Partitions);

    /// <param name="Records">The partition's record batches, whole.</param>
    internal sealed record Partition(int Index, PartitionHeader Header, byte[] Records);

    /// <summary>What precedes a partition's records. No transactions: the last stable offset is the high watermark and none are aborted.</summary>
    internal readonly record struct PartitionHeader(ErrorCode Error, long HighWatermark, long LogStartOffset)
    {
        /// <summary>Its size in <paramref name="version"/>, the same for any values: the broker writes a placeholder and rewrites it in place.</summary>
        public static int Size(short version) => 2 + 8 + 8 + (version >= 5 ? 8 : 0) + 4 + (version >= 11 ? 4 : 0);
    }

    public static void WriteHeader(KafkaWriter writer, short version, ErrorCode error, int sessionId)
    {
        writer.WriteInt32(0); // throttle
        if (version < 7) return;
        writer.WriteInt16((short)error);
        writer.WriteInt32(sessionId);
    }

    public static void WritePartitionHeader(KafkaWriter writer, short version, PartitionHeader header)
    {
        writer.WriteInt16((short)header.Error);
        writer.WriteInt64(header.HighWatermark);
        writer.WriteInt64(header.HighWatermark); // last stable offset
        if (version >= 5) writer.WriteInt64(header.LogStartOffset);
        writer.WriteArrayLength(-1); // aborted transactions: none
        if (version >= 11) writer.WriteInt32(-1); // preferred read replica: this node
    }

    public static FetchResponse Read(ref KafkaReader reader, short version)
    {
        reader.ReadInt32(); // throttle
        var (error, sessionId) = version >= 7 ? ((ErrorCode)reader.ReadInt16(), reader.ReadInt32()) : (ErrorCode.None, 0);
        var topics = reader.ReadArray(6, (ref KafkaReader r) => new Topic(r.ReadString(), r.ReadArray(PartitionHeader.Size(version) + 8, (ref KafkaReader p) =>
        {
            var index = p.ReadInt32();
            var partitionError = (ErrorCode)p.ReadInt16();
            var highWatermark = p.ReadInt64();
            p.ReadInt64(); // last stable offset
            var logStart = version >= 5 ? p.ReadInt64() : -1;
            p.ReadArray(16, static (ref KafkaReader a) => (a.ReadInt64(), a.ReadInt64())); // aborted transactions: none written
            if (version >= 11) p.ReadInt32(); // preferred read replica
            return new Partition(index, new PartitionHeader(partitionError, highWatermark, logStart), p.ReadBytesCopy());
        })));
        return new(error, sessionId, topics);
    }

    public void Write(KafkaWriter writer, short version)
    {
        WriteHeader(writer, version, Error, SessionId);
        writer.WriteArray(Topics, (w, topic) =>
        {
            w.WriteString(topic.Name);
            w.WriteArray(topic.Partitions, (pw, p) =>
            {
                pw.WriteInt32(p.Index);
                WritePartitionHeader(pw, version, p.Header);
                pw.WriteBytes(p.Records);
            });
        });
    }
}
