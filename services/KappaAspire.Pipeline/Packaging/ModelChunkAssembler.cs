using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using KappaAspire.Pipeline.Grpc;

namespace KappaAspire.Pipeline.Packaging;

/// <summary>
/// Rebuilds packages from a stream of <see cref="ModelChunk"/> messages (possibly several packages in a row, as on
/// <c>WatchModels</c>). Checks order, size and the header's SHA-256; feature-schema checks are
/// <see cref="ModelPackageVerifier"/>'s. Not thread-safe: one assembler per stream.
/// </summary>
public sealed class ModelChunkAssembler
{
    private ModelHeader? _header;
    private string _version = "";
    private byte[] _buffer = [];
    private int _received;
    private int _nextIndex;

    /// <summary>
    /// Adds a chunk. Returns true with the package when the chunk completes one.
    /// Throws <see cref="InvalidModelPackageException"/> on a protocol or integrity error, after which the partial package is dropped.
    /// </summary>
    public bool TryAdd(ModelChunk chunk, [NotNullWhen(true)] out ModelPackage? package)
    {
        package = null;
        try
        {
            return chunk.PartCase switch
            {
                ModelChunk.PartOneofCase.Header => Begin(chunk, out package),
                ModelChunk.PartOneofCase.Data => Append(chunk, out package),
                _ => throw new InvalidModelPackageException($"Chunk {chunk.Index} of model {chunk.Version} carries neither header nor data."),
            };
        }
        catch (InvalidModelPackageException)
        {
            Reset();
            throw;
        }
    }

    /// <summary>Reassembles every package of a chunk stream (e.g. <c>call.ResponseStream.ReadAllAsync()</c>).</summary>
    public static async IAsyncEnumerable<ModelPackage> AssembleAsync(IAsyncEnumerable<ModelChunk> chunks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var assembler = new ModelChunkAssembler();
        await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (assembler.TryAdd(chunk, out var package))
            {
                yield return package;
            }
        }

        if (assembler._header is not null)
        {
            throw new InvalidModelPackageException($"The stream ended in the middle of model {assembler._version} ({assembler._received} of {assembler._buffer.Length} bytes).");
        }
    }

    private bool Begin(ModelChunk chunk, out ModelPackage? package)
    {
        if (_header is not null)
        {
            throw new InvalidModelPackageException($"Model {_version} was interrupted by the header of model {chunk.Version} after {_received} of {_buffer.Length} bytes.");
        }

        var header = chunk.Header;
        if (chunk.Index != 0)
        {
            throw new InvalidModelPackageException($"Header of model {chunk.Version} has index {chunk.Index}, expected 0.");
        }

        if (header.TotalSize <= 0 || header.TotalSize > Array.MaxLength)
        {
            throw new InvalidModelPackageException($"Model {chunk.Version} announces an invalid size of {header.TotalSize} bytes.");
        }

        _header = header;
        _version = chunk.Version;
        _buffer = new byte[header.TotalSize];
        _received = 0;
        _nextIndex = 1;
        package = null;
        return false;
    }

    private bool Append(ModelChunk chunk, out ModelPackage? package)
    {
        package = null;
        if (_header is null)
        {
            throw new InvalidModelPackageException($"Data chunk {chunk.Index} of model {chunk.Version} arrived without a header.");
        }

        if (chunk.Version != _version || chunk.Index != _nextIndex)
        {
            throw new InvalidModelPackageException($"Expected chunk {_nextIndex} of model {_version}, got chunk {chunk.Index} of model {chunk.Version}.");
        }

        var data = chunk.Data.Span;
        if (data.Length > _buffer.Length - _received)
        {
            throw new InvalidModelPackageException($"Model {_version} sent more than the {_buffer.Length} bytes its header announced.");
        }

        data.CopyTo(_buffer.AsSpan(_received));
        _received += data.Length;
        _nextIndex++;
        if (_received < _buffer.Length)
        {
            return false;
        }

        package = Complete();
        return true;
    }

    private ModelPackage Complete()
    {
        var header = _header!;
        var zip = _buffer;
        var version = _version;
        Reset();

        var sha = ModelPackage.ComputeSha256(zip);
        if (!string.Equals(sha, header.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidModelPackageException($"Model {version} arrived corrupt: SHA-256 {sha}, header says {header.Sha256}.");
        }

        var metadata = ModelPackageSerializer.DeserializeMetadata(Encoding.UTF8.GetBytes(header.MetadataJson));
        if (metadata.Version != version || !string.Equals(metadata.Sha256, header.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidModelPackageException($"Model {version}: its metadata (version {metadata.Version}, SHA-256 {metadata.Sha256}) disagrees with the stream header.");
        }

        return new ModelPackage(metadata, zip);
    }

    private void Reset()
    {
        _header = null;
        _version = "";
        _buffer = [];
        _received = 0;
        _nextIndex = 0;
    }
}
