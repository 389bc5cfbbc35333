using System.Buffers.Binary;
using System.Text;

namespace KappaAspire.Broker.Protocol;

/// <summary>
/// Reads Kafka protocol primitives (big-endian) from a request body. Every read is bounds-checked and throws
/// <see cref="MalformedRequestException"/> on truncated or nonsensical input, so a bad frame can never crash the broker.
/// </summary>
internal ref struct KafkaReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly ReadOnlyMemory<byte> _memory;
    private int _position;

    public KafkaReader(ReadOnlySpan<byte> buffer) => _buffer = buffer;

    /// <summary>A reader whose <see cref="ReadBytesMemory"/> can hand out slices of <paramref name="memory"/> (record sets, unread).</summary>
    public KafkaReader(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        _buffer = memory.Span;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _buffer.Length - _position;

    public sbyte ReadInt8() => (sbyte)Take(1)[0];
    public bool ReadBool() => Take(1)[0] != 0;
    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));
    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));
    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public string ReadString() => ReadNullableString() ?? throw new MalformedRequestException("Null where a string is required.");

    public string? ReadNullableString()
    {
        var length = ReadInt16();
        if (length < 0) return null;
        return Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>Reads int32-length bytes; returns the span inside the frame (no copy), or <c>null</c> (-1).</summary>
    public ReadOnlySpan<byte> ReadBytes(out bool isNull)
    {
        var length = ReadInt32();
        isNull = length < 0;
        return isNull ? default : Take(length);
    }

    /// <summary>Reads int32-length bytes as a slice of the reader's memory (no copy); null (-1) is <c>null</c>.</summary>
    public ReadOnlyMemory<byte>? ReadBytesMemory()
    {
        if (_memory.Length != _buffer.Length) throw new InvalidOperationException("This reader was not made over memory.");
        var span = ReadBytes(out var isNull);
        // Not a conditional expression: its null would become an empty (non-null) memory through the array conversion.
        if (isNull) return null;
        return _memory.Slice(_position - span.Length, span.Length);
    }

    public byte[] ReadBytesCopy() => ReadBytes(out var isNull) is var span && isNull ? [] : span.ToArray();

    /// <summary>Reads an int32 array length; -1 is null. Guards against lengths the frame cannot hold.</summary>
    public int ReadArrayLength(int minElementSize = 1)
    {
        var count = ReadInt32();
        if (count < -1 || (count > 0 && (long)count * minElementSize > Remaining))
            throw new MalformedRequestException($"Array length {count} does not fit the request.");
        return count;
    }

    /// <summary>An int32-counted array; null (-1) reads as empty, where no version gives null a meaning of its own.</summary>
    /// <param name="minElementSize">Least bytes an element takes: a count the frame cannot hold is refused before allocating.</param>
    public List<T> ReadArray<T>(int minElementSize, ElementReader<T> read) => ReadNullableArray(minElementSize, read) ?? [];

    /// <summary>An int32-counted array, or null (-1).</summary>
    public List<T>? ReadNullableArray<T>(int minElementSize, ElementReader<T> read) => ReadElements(ReadArrayLength(minElementSize), read);

    /// <summary>A compact array (flexible versions: unsigned varint count + 1, 0 for null), or null.</summary>
    public List<T>? ReadCompactNullableArray<T>(int minElementSize, ElementReader<T> read) => ReadElements(ReadCompactArrayLength(minElementSize), read);

    /// <summary>An array in the encoding of the message's version: compact in flexible versions; null reads as empty.</summary>
    public List<T> ReadArray<T>(bool compact, int minElementSize, ElementReader<T> read) =>
        (compact ? ReadCompactNullableArray(minElementSize, read) : ReadNullableArray(minElementSize, read)) ?? [];

    /// <summary>A string in the encoding of the message's version: compact in flexible versions.</summary>
    public string ReadString(bool compact) =>
        compact ? ReadCompactNullableString() ?? throw new MalformedRequestException("Null where a string is required.") : ReadString();

    private int ReadCompactArrayLength(int minElementSize)
    {
        var count = (long)ReadUnsignedVarint() - 1;
        if (count > 0 && count * minElementSize > Remaining)
            throw new MalformedRequestException($"Array length {count} does not fit the request.");
        return (int)count;
    }

    private List<T>? ReadElements<T>(int count, ElementReader<T> read)
    {
        if (count < 0) return null;
        var items = new List<T>(count);
        for (var i = 0; i < count; i++) items.Add(read(ref this));
        return items;
    }

    public ulong ReadUnsignedVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Take(1)[0];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new MalformedRequestException("Varint is too long.");
    }

    /// <summary>Compact (flexible-version) string: unsigned varint length + 1.</summary>
    public string? ReadCompactNullableString()
    {
        var length = (long)ReadUnsignedVarint() - 1;
        if (length < 0) return null;
        if (length > Remaining) throw new MalformedRequestException("String is longer than the request.");
        return Encoding.UTF8.GetString(Take((int)length));
    }

    /// <summary>Skips a tagged-field section of a flexible message (we define no tagged fields of our own).</summary>
    public void SkipTaggedFields()
    {
        var count = ReadUnsignedVarint();
        for (ulong i = 0; i < count; i++)
        {
            ReadUnsignedVarint();
            var size = ReadUnsignedVarint();
            if (size > (ulong)Remaining) throw new MalformedRequestException("Tagged field is longer than the request.");
            Take((int)size);
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
            throw new MalformedRequestException($"Request truncated: wanted {count} bytes at {_position}, {Remaining} left.");
        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }
}

/// <summary>Reads one array element.</summary>
internal delegate T ElementReader<out T>(ref KafkaReader reader);

internal sealed class MalformedRequestException(string message) : Exception(message);
