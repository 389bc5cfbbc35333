using System.Buffers;
using KappaAspire.Broker.Protocol;
using Microsoft.Win32.SafeHandles;

namespace KappaAspire.Broker.Storage;

/// <summary>
/// One append-only segment file of a partition, named by its base offset, with a sparse in-memory index
/// (offset → file position, plus the largest timestamp seen so far for time lookups). Batches are stored
/// exactly as received except for the base offset the broker assigns. Not thread-safe for appends: the
/// owning <see cref="PartitionLog"/> serialises them; reads may run concurrently below the committed size.
/// </summary>
internal sealed class LogSegment : IDisposable
{
    /// <summary>An index entry every this many bytes keeps lookups to a few header reads.</summary>
    public const int IndexIntervalBytes = 4096;

    private readonly SafeFileHandle _handle;
    private readonly List<IndexEntry> _index = [];
    private int _bytesSinceIndexEntry = int.MaxValue;

    private LogSegment(string path, long baseOffset, SafeFileHandle handle)
    {
        LogPath = path;
        BaseOffset = baseOffset;
        NextOffset = baseOffset;
        _handle = handle;
    }

    public string LogPath { get; }
    public long BaseOffset { get; }
    /// <summary>Offset the next appended record will get (one past the last stored record).</summary>
    public long NextOffset { get; private set; }
    public long Size { get; private set; }
    public long MaxTimestamp { get; private set; } = -1;
    public bool IsEmpty => Size == 0;

    public static string FileName(long baseOffset) => $"{baseOffset:D20}.log";

    public static LogSegment Create(string directory, long baseOffset)
    {
        var path = Path.Combine(directory, FileName(baseOffset));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        return new LogSegment(path, baseOffset, handle);
    }

    /// <summary>
    /// Opens an existing segment, checking every batch (magic, length, CRC, contiguous offsets) and truncating
    /// a torn or corrupt tail. <paramref name="onBatch"/> sees each valid batch header (for producer state).
    /// </summary>
    public static LogSegment Recover(string path, long baseOffset, Action<RecordBatchHeader> onBatch, out long truncatedBytes)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        var segment = new LogSegment(path, baseOffset, handle);
        var fileLength = RandomAccess.GetLength(handle);
        var validLength = segment.ScanValidBatches(fileLength, onBatch);
        truncatedBytes = fileLength - validLength;
        if (truncatedBytes > 0)
        {
            RandomAccess.SetLength(handle, validLength);
            RandomAccess.FlushToDisk(handle);
        }
        return segment;
    }

    private long ScanValidBatches(long fileLength, Action<RecordBatchHeader> onBatch)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4 << 20);
        try
        {
            long position = 0;
            var expectedOffset = BaseOffset;
            while (position + RecordBatchHeader.Size <= fileLength)
            {
                RandomAccess.Read(_handle, buffer.AsSpan(0, RecordBatchHeader.Size), position);
                var header = RecordBatchHeader.Read(buffer);
                if (header.Magic != 2 || header.BaseOffset != expectedOffset
                    || header.BatchLength < RecordBatchHeader.Size - RecordBatchHeader.LogOverhead
                    || position + header.TotalSize > fileLength
                    || header.LastOffsetDelta < 0)
                {
                    break;
                }
                if (buffer.Length < header.TotalSize)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(header.TotalSize);
                }
                var batch = buffer.AsSpan(0, header.TotalSize);
                if (RandomAccess.Read(_handle, batch, position) != batch.Length) break;
                if (Crc32C.Compute(batch[RecordBatchHeader.AttributesOffset..]) != header.Crc) break;

                AddToIndex(header, (int)position);
                Size = position + header.TotalSize;
                NextOffset = header.LastOffset + 1;
                MaxTimestamp = Math.Max(MaxTimestamp, header.MaxTimestamp);
                onBatch(header);
                expectedOffset = header.LastOffset + 1;
                position += header.TotalSize;
            }
            return position;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Appends already-offset-assigned batches with one write (write-through to the OS, no user buffer).</summary>
    public void Append(ReadOnlySpan<byte> records, IReadOnlyList<(int Start, RecordBatchHeader Header)> batches)
    {
        RandomAccess.Write(_handle, records, Size);
        foreach (var (start, header) in batches)
        {
            AddToIndex(header, checked((int)(Size + start)));
            MaxTimestamp = Math.Max(MaxTimestamp, header.MaxTimestamp);
            NextOffset = header.LastOffset + 1;
        }
        Size += records.Length;
    }

    private void AddToIndex(in RecordBatchHeader header, int position)
    {
        var maxTimestampSoFar = Math.Max(MaxTimestamp, header.MaxTimestamp);
        if (_bytesSinceIndexEntry >= IndexIntervalBytes)
        {
            _index.Add(new IndexEntry((int)(header.BaseOffset - BaseOffset), position, maxTimestampSoFar));
            _bytesSinceIndexEntry = 0;
        }
        _bytesSinceIndexEntry += header.TotalSize;
    }

    /// <summary>File position of the batch containing <paramref name="offset"/>, or -1 when it is not below <paramref name="committedSize"/>.</summary>
    public long FindBatchPosition(long offset, long committedSize)
    {
        var relative = offset - BaseOffset;
        long position = 0;
        var lo = 0;
        var hi = _index.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_index[mid].RelativeOffset <= relative) { position = _index[mid].Position; lo = mid + 1; }
            else hi = mid - 1;
        }
        return ScanForward(position, committedSize, header => header.LastOffset >= offset);
    }

    /// <summary>Position of the first batch whose max timestamp is at least <paramref name="timestamp"/>, or -1.</summary>
    public long FindBatchPositionByTimestamp(long timestamp, long committedSize)
    {
        long position = 0;
        foreach (var entry in _index)
        {
            if (entry.MaxTimestampSoFar >= timestamp) break;
            position = entry.Position;
        }
        return ScanForward(position, committedSize, header => header.MaxTimestamp >= timestamp);
    }

    private long ScanForward(long position, long committedSize, Func<RecordBatchHeader, bool> isTarget)
    {
        Span<byte> header = stackalloc byte[RecordBatchHeader.Size];
        while (position + RecordBatchHeader.Size <= committedSize)
        {
            RandomAccess.Read(_handle, header, position);
            var parsed = RecordBatchHeader.Read(header);
            if (isTarget(parsed)) return position;
            position += parsed.TotalSize;
        }
        return -1;
    }

    public int Read(Span<byte> destination, long position) => RandomAccess.Read(_handle, destination, position);

    public void Flush() => RandomAccess.FlushToDisk(_handle);

    public void Dispose() => _handle.Dispose();

    private readonly record struct IndexEntry(int RelativeOffset, int Position, long MaxTimestampSoFar);
}
