using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Storage;

/// <summary>Finds the first record at or after a timestamp inside one batch (ListOffsets by time).</summary>
internal static class RecordTimestamps
{
    public static (long Offset, long Timestamp) FirstAtOrAfter(ReadOnlySpan<byte> batch, in RecordBatchHeader header, long timestamp)
    {
        // Compressed records cannot be walked without decompressing; the batch start is a safe (earlier) answer.
        if (header.CompressionCodec != 0) return (header.BaseOffset, header.MaxTimestamp);
        var position = RecordBatchHeader.Size;
        for (var i = 0; i < header.RecordCount && position < batch.Length; i++)
        {
            var length = (int)ReadVarlong(batch, ref position);
            var recordStart = position;
            position++; // attributes
            var timestampDelta = ReadVarlong(batch, ref position);
            var offsetDelta = ReadVarlong(batch, ref position);
            var recordTimestamp = header.BaseTimestamp + timestampDelta;
            if (recordTimestamp >= timestamp) return (header.BaseOffset + offsetDelta, recordTimestamp);
            position = recordStart + length;
        }
        return (header.BaseOffset, header.MaxTimestamp);
    }

    private static long ReadVarlong(ReadOnlySpan<byte> data, ref int position)
    {
        ulong raw = 0;
        for (var shift = 0; shift < 64 && position < data.Length; shift += 7)
        {
            var b = data[position++];
            raw |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        return (long)(raw >> 1) ^ -(long)(raw & 1); // zig-zag
    }
}
