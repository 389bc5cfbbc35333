namespace KappaAspire.Pipeline.Packaging;

/// <summary>A model package that must not be served: corrupt, tampered with, or built for other features.</summary>
public sealed class InvalidModelPackageException : Exception
{
    public InvalidModelPackageException(string message)
        : base(message)
    {
    }

    public InvalidModelPackageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
