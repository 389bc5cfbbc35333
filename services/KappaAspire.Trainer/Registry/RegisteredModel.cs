using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Trainer.Registry;

/// <summary>What the registry knows of a stored version without reading its model bytes again.</summary>
/// <param name="Metadata">The package metadata (version, created time, training ranges, metrics, hash).</param>
/// <param name="SizeBytes">Size of the model zip.</param>
/// <param name="Decision">Why it was or was not promoted when trained; null for a version stored before decisions were kept.</param>
internal sealed record RegisteredModel(ModelMetadata Metadata, long SizeBytes, string? Decision)
{
    public string Version => Metadata.Version;
}
