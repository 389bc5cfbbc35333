namespace KappaAspire.Broker.Protocol;

/// <summary>
/// Splits a produce payload into v2 record batches and validates each: magic 2, a length that fits,
/// CRC-32C over bytes 21..end, and a record count consistent with lastOffsetDelta.
/// </summary>
internal static class RecordBatchValidator
{
    public readonly record struct Result(ErrorCode Error, string? Message)
    {
        public static Result Ok => new(ErrorCode.None, null);
    }

    /// <summary>Validates every batch in <paramref name="records"/>, filling <paramref name="batches"/> with (start, header).</summary>
    public static Result Validate(ReadOnlySpan<byte> records, List<(int Start, RecordBatchHeader Header)> batches)
    {
        batches.Clear();
        if (records.IsEmpty) return new(ErrorCode.CorruptMessage, "Empty record set.");
        var position = 0;
        while (position < records.Length)
        {
            var rest = records[position..];
            if (rest.Length < RecordBatchHeader.Size)
                return new(ErrorCode.CorruptMessage, $"Record batch header truncated at byte {position}.");
            var header = RecordBatchHeader.Read(rest);
            if (header.Magic != 2)
                return new(ErrorCode.CorruptMessage,
                    $"Unsupported record batch magic {header.Magic}; only v2 batches are accepted.");
            if (header.BatchLength < RecordBatchHeader.Size - RecordBatchHeader.LogOverhead || header.TotalSize > rest.Length)
                return new(ErrorCode.CorruptMessage, $"Record batch length {header.BatchLength} does not fit the {rest.Length} bytes sent.");
            var batch = rest[..header.TotalSize];
            var crc = Crc32C.Compute(batch[RecordBatchHeader.AttributesOffset..]);
            if (crc != header.Crc)
                return new(ErrorCode.CorruptMessage, $"Record batch CRC mismatch (stored {header.Crc:x8}, computed {crc:x8}).");
            if (header.RecordCount <= 0 || header.LastOffsetDelta != header.RecordCount - 1)
                return new(ErrorCode.InvalidRecord, $"Record count {header.RecordCount} disagrees with lastOffsetDelta {header.LastOffsetDelta}.");
            batches.Add((position, header));
            position += header.TotalSize;
        }
        return Result.Ok;
    }
}
