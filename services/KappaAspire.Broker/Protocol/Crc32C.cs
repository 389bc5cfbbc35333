using System.Buffers.Binary;
using System.Numerics;

namespace KappaAspire.Broker.Protocol;

/// <summary>CRC-32C (Castagnoli), the checksum of Kafka record batches; hardware-accelerated where the CPU has it.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(0xFFFFFFFFu, data);

    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }
}
