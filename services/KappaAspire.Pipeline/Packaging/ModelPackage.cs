using System.Security.Cryptography;

namespace KappaAspire.Pipeline.Packaging;

/// <summary>A deployable model: the ML.NET zip and its metadata. Treat <see cref="ModelZip"/> as immutable.</summary>
public sealed class ModelPackage(ModelMetadata metadata, byte[] modelZip)
{
    public ModelMetadata Metadata { get; } = metadata;

    public byte[] ModelZip { get; } = modelZip;

    public string Version => Metadata.Version;

    public static string ComputeSha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
