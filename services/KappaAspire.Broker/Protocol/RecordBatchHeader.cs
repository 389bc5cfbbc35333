using System.Buffers.Binary;

namespace KappaAspire.Broker.Protocol;

/// <summary>
/// The fixed 61-byte header of a v2 record batch. Offsets below are the Kafka layout; the CRC covers
/// everything from <see cref="AttributesOffset"/> to the end, so rewriting the base offset keeps it valid.
/// </summary>
internal readonly record struct RecordBatchHeader(
    long BaseOffset,
    int BatchLength,
    sbyte Magic,
    uint Crc,
    short Attributes,
    int LastOffsetDelta,
    long BaseTimestamp,
    long MaxTimestamp,
    long ProducerId,
    short ProducerEpoch,
    int BaseSequence,
    int RecordCount)
{
    public const int Size = 61;
    public const int LogOverhead = 12; // baseOffset + batchLength precede the counted length
    public const int MagicOffset = 16;
    public const int CrcOffset = 17;
    public const int AttributesOffset = 21;

    /// <summary>Total bytes of the batch including the 12-byte log overhead.</summary>
    public int TotalSize => BatchLength + LogOverhead;
    public long LastOffset => BaseOffset + LastOffsetDelta;
    public int LastSequence => BaseSequence < 0 ? -1 : unchecked((int)(((long)BaseSequence + LastOffsetDelta) % ((long)int.MaxValue + 1)));
    public int CompressionCodec => Attributes & 0x07;
    public bool IsTransactional => (Attributes & 0x10) != 0;
    public bool IsControl => (Attributes & 0x20) != 0;

    public static RecordBatchHeader Read(ReadOnlySpan<byte> batch) => new(
        BaseOffset: BinaryPrimitives.ReadInt64BigEndian(batch),
        BatchLength: BinaryPrimitives.ReadInt32BigEndian(batch[8..]),
        Magic: (sbyte)batch[MagicOffset],
        Crc: BinaryPrimitives.ReadUInt32BigEndian(batch[CrcOffset..]),
        Attributes: BinaryPrimitives.ReadInt16BigEndian(batch[AttributesOffset..]),
        LastOffsetDelta: BinaryPrimitives.ReadInt32BigEndian(batch[23..]),
        BaseTimestamp: BinaryPrimitives.ReadInt64BigEndian(batch[27..]),
        MaxTimestamp: BinaryPrimitives.ReadInt64BigEndian(batch[35..]),
        ProducerId: BinaryPrimitives.ReadInt64BigEndian(batch[43..]),
        ProducerEpoch: BinaryPrimitives.ReadInt16BigEndian(batch[51..]),
        BaseSequence: BinaryPrimitives.ReadInt32BigEndian(batch[53..]),
        RecordCount: BinaryPrimitives.ReadInt32BigEndian(batch[57..]));

    public static void WriteBaseOffset(Span<byte> batch, long baseOffset) => BinaryPrimitives.WriteInt64BigEndian(batch, baseOffset);
}
