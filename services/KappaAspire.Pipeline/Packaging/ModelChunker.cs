using System.Text.Json;
using Google.Protobuf;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Grpc;

namespace KappaAspire.Pipeline.Packaging;

/// <summary>Splits a package into the <see cref="ModelChunk"/> messages of the <c>ModelDistribution</c> streams.</summary>
public static class ModelChunker
{
    public const int DefaultChunkSize = 256 * 1024;

    /// <summary>A header chunk (metadata, size, hash), then the zip in pieces of at most <paramref name="chunkSize"/> bytes.</summary>
    public static IEnumerable<ModelChunk> Split(ModelPackage package, int chunkSize = DefaultChunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        var zip = package.ModelZip;
        var dataChunks = (zip.Length + chunkSize - 1) / chunkSize;
        yield return new ModelChunk
        {
            Version = package.Version,
            Index = 0,
            Header = new ModelHeader
            {
                MetadataJson = JsonSerializer.Serialize(package.Metadata, PipelineJsonContext.Default.ModelMetadata),
                TotalSize = zip.Length,
                Sha256 = package.Metadata.Sha256,
                ChunkCount = dataChunks,
            },
        };

        for (var i = 0; i < dataChunks; i++)
        {
            var offset = i * chunkSize;
            yield return new ModelChunk
            {
                Version = package.Version,
                Index = i + 1,
                // No copy: the package's bytes are immutable by contract and outlive the send.
                Data = UnsafeByteOperations.UnsafeWrap(zip.AsMemory(offset, Math.Min(chunkSize, zip.Length - offset))),
            };
        }
    }
}
