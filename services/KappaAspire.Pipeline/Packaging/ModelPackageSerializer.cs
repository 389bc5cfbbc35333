using System.Buffers.Binary;
using System.Text.Json;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Packaging;

/// <summary>
/// One package as one byte array, for the trainer's registry on disk:
/// <c>"KAMP"</c>, format byte, int32 little-endian metadata length, metadata JSON (UTF-8), then the model zip.
/// </summary>
public static class ModelPackageSerializer
{
    private const byte FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "KAMP"u8;
    private static readonly int HeaderLength = Magic.Length + 1 + sizeof(int);

    public static byte[] Serialize(ModelPackage package)
    {
        var metadata = JsonSerializer.SerializeToUtf8Bytes(package.Metadata, PipelineJsonContext.Default.ModelMetadata);
        var bytes = new byte[HeaderLength + metadata.Length + package.ModelZip.Length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        span[Magic.Length] = FormatVersion;
        BinaryPrimitives.WriteInt32LittleEndian(span[(Magic.Length + 1)..], metadata.Length);
        metadata.CopyTo(span[HeaderLength..]);
        package.ModelZip.CopyTo(span[(HeaderLength + metadata.Length)..]);
        return bytes;
    }

    /// <summary>Reads a package back; throws <see cref="InvalidModelPackageException"/> if the bytes are not one. Does not verify the hash.</summary>
    public static ModelPackage Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength || !bytes.StartsWith(Magic))
        {
            throw new InvalidModelPackageException("Not a model package: the KAMP header is missing.");
        }

        if (bytes[Magic.Length] != FormatVersion)
        {
            throw new InvalidModelPackageException($"Unsupported model package format {bytes[Magic.Length]} (expected {FormatVersion}).");
        }

        var metadataLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[(Magic.Length + 1)..]);
        if (metadataLength <= 0 || metadataLength > bytes.Length - HeaderLength)
        {
            throw new InvalidModelPackageException($"Truncated model package: metadata length {metadataLength} exceeds the {bytes.Length - HeaderLength} bytes available.");
        }

        var metadata = DeserializeMetadata(bytes.Slice(HeaderLength, metadataLength));
        return new ModelPackage(metadata, bytes[(HeaderLength + metadataLength)..].ToArray());
    }

    public static ModelMetadata DeserializeMetadata(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, PipelineJsonContext.Default.ModelMetadata)
                ?? throw new InvalidModelPackageException("Model package metadata is null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidModelPackageException($"Model package metadata is not valid JSON: {ex.Message}", ex);
        }
    }
}
