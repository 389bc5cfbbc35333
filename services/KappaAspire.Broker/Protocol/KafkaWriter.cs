using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace KappaAspire.Broker.Protocol;

/// <summary>
/// Builds one response frame in a pooled buffer: a 4-byte size prefix is reserved up front and patched by
/// <see cref="Complete"/>. Fetch copies log bytes straight into <see cref="GetSpan"/> to avoid a second copy.
/// </summary>
internal sealed class KafkaWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _length;

    public KafkaWriter(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
        _length = 4; // size prefix
    }

    public int Length => _length;
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public void WriteInt8(sbyte value) => Reserve(1)[0] = (byte)value;
    public void WriteBool(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    public void WriteString(string value) => WriteNullableString(value);

    public void WriteNullableString(string? value)
    {
        if (value is null) { WriteInt16(-1); return; }
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteInt16(checked((short)byteCount));
        Encoding.UTF8.GetBytes(value, Reserve(byteCount));
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    public void WriteNullableBytes(byte[]? value)
    {
        if (value is null) WriteInt32(-1);
        else WriteBytes(value);
    }

    public void WriteArrayLength(int count) => WriteInt32(count);

    /// <summary>An int32-counted array; null writes -1.</summary>
    public void WriteArray<T>(IReadOnlyList<T>? items, Action<KafkaWriter, T> write)
    {
        if (items is null) { WriteInt32(-1); return; }
        WriteInt32(items.Count);
        foreach (var item in items) write(this, item);
    }

    public void WriteUnsignedVarint(ulong value)
    {
        while (value >= 0x80)
        {
            Reserve(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }
        Reserve(1)[0] = (byte)value;
    }

    /// <summary>Compact (flexible-version) string: unsigned varint length + 1, 0 for null.</summary>
    public void WriteCompactNullableString(string? value)
    {
        if (value is null) { WriteUnsignedVarint(0); return; }
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteUnsignedVarint((ulong)byteCount + 1);
        Encoding.UTF8.GetBytes(value, Reserve(byteCount));
    }

    public void WriteEmptyTaggedFields() => WriteUnsignedVarint(0);

    /// <summary>A string in the encoding of the message's version: compact in flexible versions.</summary>
    public void WriteString(string value, bool compact)
    {
        if (compact) WriteCompactNullableString(value);
        else WriteString(value);
    }

    /// <summary>An array in the encoding of the message's version: compact (varint count + 1) in flexible versions.</summary>
    public void WriteArray<T>(IReadOnlyList<T>? items, Action<KafkaWriter, T> write, bool compact)
    {
        if (!compact) { WriteArray(items, write); return; }
        WriteUnsignedVarint(items is null ? 0 : (ulong)items.Count + 1);
        if (items is not null) foreach (var item in items) write(this, item);
    }

    /// <summary>Reserves a 4-byte slot to fill in later (e.g. a length known only after writing).</summary>
    public int ReserveInt32() { var at = _length; Reserve(4); return at; }

    public void PatchInt32(int at, int value) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(at, 4), value);

    /// <summary>Space for at least <paramref name="sizeHint"/> bytes at the end; commit what was used with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_length);
    }

    /// <inheritdoc cref="GetSpan"/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_length);
    }

    public void Advance(int count) => _length += count;

    /// <summary>Drops everything written after <paramref name="length"/> bytes (to rebuild part of a response).</summary>
    public void Truncate(int length) => _length = length;

    /// <summary>Patches the size prefix; the frame is then <see cref="WrittenMemory"/>.</summary>
    public void Complete() => BinaryPrimitives.WriteInt32BigEndian(_buffer, _length - 4);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }

    private Span<byte> Reserve(int count)
    {
        EnsureCapacity(count);
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    private void EnsureCapacity(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
