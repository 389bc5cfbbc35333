using KappaAspire.Pipeline.Features;

namespace KappaAspire.Pipeline.Packaging;

/// <summary>The checks inference runs before swapping in a model; a refused package leaves the serving model in place.</summary>
public static class ModelPackageVerifier
{
    /// <summary>Throws <see cref="InvalidModelPackageException"/> if the zip does not match its hash or the features are of another schema.</summary>
    public static void Verify(ModelPackage package, int expectedFeatureSchemaVersion = FeatureSchema.Version)
    {
        var metadata = package.Metadata;
        if (package.ModelZip.Length == 0)
        {
            throw new InvalidModelPackageException($"Model {metadata.Version} has an empty model zip.");
        }

        var actual = ModelPackage.ComputeSha256(package.ModelZip);
        if (!string.Equals(actual, metadata.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidModelPackageException(
                $"Model {metadata.Version} failed its integrity check: SHA-256 of the zip is {actual}, metadata says {metadata.Sha256}.");
        }

        if (metadata.FeatureSchemaVersion != expectedFeatureSchemaVersion)
        {
            throw new InvalidModelPackageException(
                $"Model {metadata.Version} was trained on feature schema {metadata.FeatureSchemaVersion}, but this service computes schema {expectedFeatureSchemaVersion}.");
        }
    }
}
