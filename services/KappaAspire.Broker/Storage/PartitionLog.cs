using System.Buffers;
using System.Globalization;
using System.Text;
using KappaAspire.Broker.Protocol;
using KappaAspire.ServiceDefaults.Storage;

namespace KappaAspire.Broker.Storage;

/// <summary>
/// The log of one topic partition: a list of segments, the next offset (on a single node the high watermark
/// equals the log end), idempotent-producer state, and a signal that wakes long-polling fetches when data lands.
/// Appends are serialised by a lock; fetches read a consistent snapshot taken under the same lock.
/// </summary>
internal sealed class PartitionLog : IDisposable
{
    private readonly Lock _lock = new();
    private StorageOptions _options;
    private readonly ProducerStateTable _producers;
    private readonly GroupCommit _groupCommit;
    private List<LogSegment> _segments;
    private long _nextOffset;
    // Where the log begins for readers: a segment's base, or later after DeleteRecords (kept in the log-start-offset file).
    private long _logStartOffset;
    private TaskCompletionSource _dataArrived = NewSignal();

    private PartitionLog(string topic, int partition, string directory, StorageOptions options, List<LogSegment> segments, ProducerStateTable producers)
    {
        _producers = producers;
        Topic = topic;
        Partition = partition;
        Directory = directory;
        _options = options;
        _segments = segments;
        _nextOffset = segments[^1].NextOffset;
        _logStartOffset = Math.Clamp(ReadLogStart(directory), segments[0].BaseOffset, _nextOffset);
        _groupCommit = new GroupCommit(() => ActiveSegment.Flush());
    }

    public string Topic { get; }
    public int Partition { get; }
    public string Directory { get; }

    public long HighWatermark { get { lock (_lock) return _nextOffset; } }
    public long LogStartOffset { get { lock (_lock) return _logStartOffset; } }
    public long SizeInBytes { get { lock (_lock) return _segments.Sum(s => s.Size); } }
    private LogSegment ActiveSegment { get { lock (_lock) return _segments[^1]; } }

    public static PartitionLog Create(string topic, int partition, string directory, StorageOptions options)
    {
        System.IO.Directory.CreateDirectory(directory);
        return new PartitionLog(topic, partition, directory, options, [LogSegment.Create(directory, 0)], new ProducerStateTable());
    }

    /// <summary>Opens a partition directory, validating every batch and truncating a corrupt or torn tail.</summary>
    public static PartitionLog Recover(string topic, int partition, string directory, StorageOptions options, ILogger logger)
    {
        var files = System.IO.Directory.GetFiles(directory, "*.log")
            .Select(path => (Path: path, Base: long.TryParse(Path.GetFileNameWithoutExtension(path), out var b) ? b : -1))
            .Where(f => f.Base >= 0)
            .OrderBy(f => f.Base)
            .ToList();
        var producers = new ProducerStateTable();
        var segments = new List<LogSegment>();
        for (var i = 0; i < files.Count; i++)
        {
            var segment = LogSegment.Recover(files[i].Path, files[i].Base, header => producers.Record(header), out var truncated);
            segments.Add(segment);
            if (truncated > 0)
                logger.LogWarning("Truncated {Bytes} bytes of torn or corrupt data from {Segment} at offset {Offset}",
                    truncated, segment.LogPath, segment.NextOffset);
            var nextBase = i + 1 < files.Count ? files[i + 1].Base : -1;
            if (nextBase >= 0 && nextBase != segment.NextOffset)
            {
                // Later segments would leave a hole in the log: drop them, as Kafka does after a corrupt segment.
                for (var j = i + 1; j < files.Count; j++)
                {
                    logger.LogWarning("Removing segment {Segment}: it does not continue the log at offset {Offset}", files[j].Path, segment.NextOffset);
                    File.Delete(files[j].Path);
                }
                break;
            }
        }
        if (segments.Count == 0) segments.Add(LogSegment.Create(directory, 0));
        return new PartitionLog(topic, partition, directory, options, segments, producers);
    }

    public readonly record struct AppendResult(ErrorCode Error, long BaseOffset, long LogStartOffset, string? Message = null);

    /// <summary>
    /// Appends validated batches: checks idempotent-producer sequences, assigns offsets (rewriting each batch's
    /// base offset in place), writes them with one call and wakes waiting fetches.
    /// </summary>
    public AppendResult Append(Span<byte> records, List<(int Start, RecordBatchHeader Header)> batches)
    {
        long baseOffset;
        lock (_lock)
        {
            for (var i = 0; i < batches.Count; i++)
            {
                var check = _producers.Check(batches[i].Header);
                if (check.Error != ErrorCode.None)
                    return new(check.Error, -1, _logStartOffset, $"Producer {batches[i].Header.ProducerId}: sequence {batches[i].Header.BaseSequence} refused.");
                if (check.IsDuplicate)
                {
                    // A retry of a batch already in the log: acknowledge it with its original offset, append nothing.
                    if (batches.Count == 1) return new(ErrorCode.None, check.DuplicateBaseOffset, _logStartOffset);
                    return new(ErrorCode.DuplicateSequenceNumber, -1, _logStartOffset);
                }
            }

            baseOffset = _nextOffset;
            var next = baseOffset;
            for (var i = 0; i < batches.Count; i++)
            {
                var (start, header) = batches[i];
                RecordBatchHeader.WriteBaseOffset(records[start..], next);
                batches[i] = (start, header with { BaseOffset = next });
                next += header.LastOffsetDelta + 1;
            }

            var active = _segments[^1];
            if (!active.IsEmpty && active.Size + records.Length > _options.SegmentBytes)
                active = Roll();
            active.Append(records, batches);
            foreach (var (_, header) in batches) _producers.Record(header);
            _nextOffset = next;
        }
        Interlocked.Exchange(ref _dataArrived, NewSignal()).TrySetResult();
        return new(ErrorCode.None, baseOffset, LogStartOffset);
    }

    private LogSegment Roll()
    {
        var old = _segments[^1];
        var fresh = LogSegment.Create(Directory, _nextOffset);
        _segments = [.. _segments, fresh];
        // Sealed segments are made durable off the append path.
        _ = Task.Run(old.Flush);
        return fresh;
    }

    /// <summary>New storage settings from an altered topic config; the next segment roll follows them.</summary>
    public void Reconfigure(StorageOptions options)
    {
        lock (_lock) _options = options;
    }

    /// <summary>Completes when data is appended after the call (fetch long-poll).</summary>
    public Task WaitForDataAsync() => Volatile.Read(ref _dataArrived).Task;

    /// <summary>fsyncs the active segment, coalescing concurrent callers into one fsync (group commit).</summary>
    public Task FlushAsync() => _groupCommit.FlushAsync();

    public readonly record struct ReadResult(ErrorCode Error, long HighWatermark, long LogStartOffset, int BytesRead);

    /// <summary>
    /// Copies whole batches starting with the one that contains <paramref name="offset"/> into <paramref name="writer"/>,
    /// up to <paramref name="maxBytes"/> but always at least one batch (so a large batch cannot stall a consumer).
    /// </summary>
    public ReadResult Read(long offset, int maxBytes, IBufferWriter<byte> writer)
    {
        LogSegment segment;
        long committedSize, highWatermark, logStart;
        lock (_lock)
        {
            highWatermark = _nextOffset;
            logStart = _logStartOffset;
            if (offset < logStart || offset > highWatermark) return new(ErrorCode.OffsetOutOfRange, highWatermark, logStart, 0);
            if (offset == highWatermark) return new(ErrorCode.None, highWatermark, logStart, 0);
            segment = FindSegment(offset);
            committedSize = segment.Size;
        }

        try
        {
            var position = segment.FindBatchPosition(offset, committedSize);
            if (position < 0) return new(ErrorCode.None, highWatermark, logStart, 0);
            Span<byte> headerBytes = stackalloc byte[RecordBatchHeader.Size];
            segment.Read(headerBytes, position);
            var firstBatch = RecordBatchHeader.Read(headerBytes).TotalSize;
            var available = committedSize - position;
            var toRead = (int)Math.Min(available, Math.Max(firstBatch, maxBytes));

            var span = writer.GetSpan(toRead);
            var read = segment.Read(span[..toRead], position);
            var whole = WholeBatchLength(span[..read]);
            writer.Advance(whole);
            return new(ErrorCode.None, highWatermark, logStart, whole);
        }
        catch (ObjectDisposedException)
        {
            // Retention (or topic deletion) removed the segment while we read it: the offset is gone.
            return new(ErrorCode.OffsetOutOfRange, highWatermark, LogStartOffset, 0);
        }
    }

    private static int WholeBatchLength(ReadOnlySpan<byte> data)
    {
        var length = 0;
        while (length + RecordBatchHeader.LogOverhead <= data.Length)
        {
            var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data[(length + 8)..]) + RecordBatchHeader.LogOverhead;
            if (length + size > data.Length) break;
            length += size;
        }
        return length;
    }

    /// <summary>The earliest offset whose record timestamp is at least <paramref name="timestamp"/> (-1: none), with that timestamp.</summary>
    public (long Offset, long Timestamp) FindOffsetByTimestamp(long timestamp)
    {
        List<LogSegment> segments;
        long activeSize, logStart;
        lock (_lock) { segments = _segments; activeSize = _segments[^1].Size; logStart = _logStartOffset; }
        Span<byte> headerBytes = stackalloc byte[RecordBatchHeader.Size];
        foreach (var segment in segments)
        {
            if (segment.MaxTimestamp < timestamp) continue;
            var committed = ReferenceEquals(segment, segments[^1]) ? activeSize : segment.Size;
            var position = segment.FindBatchPositionByTimestamp(timestamp, committed);
            if (position < 0) continue;
            segment.Read(headerBytes, position);
            var header = RecordBatchHeader.Read(headerBytes);
            var batch = ArrayPool<byte>.Shared.Rent(header.TotalSize);
            try
            {
                segment.Read(batch.AsSpan(0, header.TotalSize), position);
                var (offset, found) = RecordTimestamps.FirstAtOrAfter(batch.AsSpan(0, header.TotalSize), header, timestamp);
                // Records deleted below the log start are not answers; the next one readers can still get is.
                return (Math.Max(offset, logStart), found);
            }
            finally { ArrayPool<byte>.Shared.Return(batch); }
        }
        return (-1, -1);
    }

    /// <summary>The first record with the log's largest timestamp, and that timestamp ((-1, -1): an empty log).</summary>
    public (long Offset, long Timestamp) FindMaxTimestamp()
    {
        long max;
        lock (_lock) max = _segments.Max(s => s.MaxTimestamp);
        return max < 0 ? (-1, -1) : FindOffsetByTimestamp(max);
    }

    /// <summary>Deletes whole sealed segments older than the retention time or beyond the retention size.</summary>
    public int ApplyRetention(long nowMs, long retentionMs, long retentionBytes)
    {
        List<LogSegment> removed = [];
        lock (_lock)
        {
            var total = _segments.Sum(s => s.Size);
            while (_segments.Count > 1)
            {
                var oldest = _segments[0];
                var expired = retentionMs >= 0 && oldest.MaxTimestamp >= 0 && oldest.MaxTimestamp < nowMs - retentionMs;
                var oversized = retentionBytes >= 0 && total - oldest.Size >= retentionBytes;
                if (!expired && !oversized) break;
                total -= oldest.Size;
                removed.Add(oldest);
                _segments = _segments[1..];
            }
            _logStartOffset = Math.Max(_logStartOffset, _segments[0].BaseOffset);
        }
        DeleteFiles(removed);
        return removed.Count;
    }

    /// <summary>
    /// DeleteRecords: readers lose every record before <paramref name="offset"/> (-1: the high watermark). The new
    /// start is made durable first; whole segments before it are then deleted, the rest of a segment stays on disk
    /// unread until retention takes it. Returns the log start offset, or OFFSET_OUT_OF_RANGE past the end.
    /// </summary>
    public (ErrorCode Error, long LogStartOffset) DeleteRecordsBefore(long offset)
    {
        List<LogSegment> removed = [];
        long logStart;
        lock (_lock)
        {
            if (offset == -1) offset = _nextOffset;
            if (offset < 0 || offset > _nextOffset) return (ErrorCode.OffsetOutOfRange, _logStartOffset);
            if (offset > _logStartOffset)
            {
                DurableFile.WriteAllBytes(LogStartPath(Directory), Encoding.ASCII.GetBytes(offset.ToString(CultureInfo.InvariantCulture)));
                _logStartOffset = offset;
                while (_segments.Count > 1 && _segments[1].BaseOffset <= offset)
                {
                    removed.Add(_segments[0]);
                    _segments = _segments[1..];
                }
            }
            logStart = _logStartOffset;
        }
        DeleteFiles(removed);
        return (ErrorCode.None, logStart);
    }

    // Segments already unlinked from the list: closed and removed outside the lock, so readers and appends do not wait.
    private static void DeleteFiles(List<LogSegment> removed)
    {
        foreach (var segment in removed)
        {
            segment.Dispose();
            File.Delete(segment.LogPath);
        }
    }

    private static string LogStartPath(string directory) => Path.Combine(directory, "log-start-offset");

    private static long ReadLogStart(string directory) =>
        File.Exists(LogStartPath(directory)) && long.TryParse(File.ReadAllText(LogStartPath(directory)), CultureInfo.InvariantCulture, out var start) ? start : 0;

    private LogSegment FindSegment(long offset)
    {
        var lo = 0;
        var hi = _segments.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (_segments[mid].BaseOffset <= offset) lo = mid; else hi = mid - 1;
        }
        return _segments[lo];
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var segment in _segments)
            {
                segment.Flush();
                segment.Dispose();
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
