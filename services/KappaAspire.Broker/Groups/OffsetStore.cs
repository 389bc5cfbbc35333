using System.Buffers.Binary;
using System.Collections.Concurrent;
using KappaAspire.Broker.Protocol;
using KappaAspire.ServiceDefaults.Storage;

namespace KappaAspire.Broker.Groups;

/// <summary>A group's committed position in one partition.</summary>
internal readonly record struct CommittedOffset(long Offset, int LeaderEpoch, string? Metadata, long CommitTimestamp);

/// <summary>
/// Durable committed offsets: an append-only file of CRC-framed records (written through to the OS before the
/// commit is acknowledged), replayed on start up to the first torn or corrupt record, and compacted on start.
/// </summary>
internal sealed class OffsetStore : IDisposable
{
    private const byte CommitRecord = 1;
    private const byte DeleteGroupRecord = 2;
    private const byte DeleteOffsetRecord = 3;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<(string Topic, int Partition), CommittedOffset>> _groups = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();
    private readonly string _path;
    private readonly ILogger _logger;
    private FileStream _file;

    public OffsetStore(string directory, ILogger logger)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "offsets.log");
        _logger = logger;
        var records = Replay();
        var live = _groups.Values.Sum(g => g.Count);
        if (records > 1000 && records > 2 * live) Compact();
        _file = OpenForAppend();
    }

    public IEnumerable<string> GroupIds => _groups.Keys;

    public IReadOnlyDictionary<(string Topic, int Partition), CommittedOffset> OffsetsOf(string group) =>
        _groups.TryGetValue(group, out var offsets) ? offsets : new Dictionary<(string, int), CommittedOffset>();

    public bool TryGet(string group, string topic, int partition, out CommittedOffset offset)
    {
        offset = default;
        return _groups.TryGetValue(group, out var offsets) && offsets.TryGetValue((topic, partition), out offset);
    }

    public void Commit(string group, IReadOnlyList<(string Topic, int Partition, CommittedOffset Offset)> commits)
    {
        if (commits.Count == 0) return;
        using var writer = new KafkaWriter();
        foreach (var (topic, partition, offset) in commits) AppendRecord(writer, CommitRecord, group, topic, partition, offset);
        lock (_writeLock)
        {
            _file.Write(writer.WrittenMemory.Span[4..]);
            var offsets = _groups.GetOrAdd(group, _ => new());
            foreach (var (topic, partition, offset) in commits) offsets[(topic, partition)] = offset;
        }
    }

    public void DeleteGroup(string group)
    {
        using var writer = new KafkaWriter();
        AppendRecord(writer, DeleteGroupRecord, group, "", 0, default);
        lock (_writeLock)
        {
            _file.Write(writer.WrittenMemory.Span[4..]);
            _groups.TryRemove(group, out _);
        }
    }

    /// <summary>Forgets the group's committed offsets of these partitions (a group left without any is forgotten).</summary>
    public void DeleteOffsets(string group, IReadOnlyList<(string Topic, int Partition)> partitions)
    {
        if (partitions.Count == 0) return;
        using var writer = new KafkaWriter();
        foreach (var (topic, partition) in partitions) AppendRecord(writer, DeleteOffsetRecord, group, topic, partition, default);
        lock (_writeLock)
        {
            _file.Write(writer.WrittenMemory.Span[4..]);
            RemoveOffsets(group, partitions);
        }
    }

    private void RemoveOffsets(string group, IEnumerable<(string Topic, int Partition)> partitions)
    {
        if (!_groups.TryGetValue(group, out var offsets)) return;
        foreach (var key in partitions) offsets.TryRemove(key, out _);
        if (offsets.IsEmpty) _groups.TryRemove(new KeyValuePair<string, ConcurrentDictionary<(string, int), CommittedOffset>>(group, offsets));
    }

    private static void AppendRecord(KafkaWriter writer, byte type, string group, string topic, int partition, CommittedOffset offset)
    {
        var lengthAt = writer.ReserveInt32();
        var crcAt = writer.ReserveInt32();
        var payloadStart = writer.Length;
        writer.WriteInt8((sbyte)type);
        writer.WriteString(group);
        writer.WriteString(topic);
        writer.WriteInt32(partition);
        writer.WriteInt64(offset.Offset);
        writer.WriteInt32(offset.LeaderEpoch);
        writer.WriteNullableString(offset.Metadata);
        writer.WriteInt64(offset.CommitTimestamp);
        var payloadLength = writer.Length - payloadStart;
        writer.PatchInt32(lengthAt, payloadLength);
        var payload = writer.WrittenMemory.Span.Slice(payloadStart, payloadLength);
        writer.PatchInt32(crcAt, unchecked((int)Crc32C.Compute(payload)));
    }

    private int Replay()
    {
        if (!File.Exists(_path)) return 0;
        var bytes = File.ReadAllBytes(_path);
        var position = 0;
        var records = 0;
        while (position + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(position));
            var crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position + 4));
            if (length <= 0 || position + 8 + length > bytes.Length) break;
            var payload = bytes.AsSpan(position + 8, length);
            if (Crc32C.Compute(payload) != crc) break;
            Apply(payload);
            position += 8 + length;
            records++;
        }
        if (position < bytes.Length)
        {
            _logger.LogWarning("Truncated {Bytes} bytes of torn or corrupt data from {Path}", bytes.Length - position, _path);
            using var file = new FileStream(_path, FileMode.Open, FileAccess.Write);
            file.SetLength(position);
            file.Flush(flushToDisk: true);
        }
        return records;
    }

    private void Apply(ReadOnlySpan<byte> payload)
    {
        var reader = new KafkaReader(payload);
        var type = (byte)reader.ReadInt8();
        var group = reader.ReadString();
        var topic = reader.ReadString();
        var partition = reader.ReadInt32();
        var offset = new CommittedOffset(reader.ReadInt64(), reader.ReadInt32(), reader.ReadNullableString(), reader.ReadInt64());
        switch (type)
        {
            case DeleteGroupRecord: _groups.TryRemove(group, out _); break;
            case DeleteOffsetRecord: RemoveOffsets(group, [(topic, partition)]); break;
            default: _groups.GetOrAdd(group, _ => new())[(topic, partition)] = offset; break;
        }
    }

    private void Compact()
    {
        using var writer = new KafkaWriter(64 * 1024);
        foreach (var (group, offsets) in _groups)
            foreach (var ((topic, partition), offset) in offsets)
                AppendRecord(writer, CommitRecord, group, topic, partition, offset);
        DurableFile.WriteAllBytes(_path, writer.WrittenMemory.Span[4..]);
    }

    private FileStream OpenForAppend() => new(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);

    public void Flush()
    {
        lock (_writeLock) _file.Flush(flushToDisk: true);
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            _file.Flush(flushToDisk: true);
            _file.Dispose();
        }
    }
}
