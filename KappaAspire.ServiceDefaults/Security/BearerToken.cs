using System.Security.Cryptography;
using System.Text;

namespace KappaAspire.ServiceDefaults.Security;

/// <summary>What an <c>Authorization</c> header presented, checked against a <see cref="BearerToken"/>.</summary>
public enum BearerCheck
{
    /// <summary>No header, or not the Bearer scheme.</summary>
    Missing,

    /// <summary>A bearer token that is not the expected one.</summary>
    Wrong,

    /// <summary>The expected token.</summary>
    Valid,
}

/// <summary>
/// A shared secret expected as <c>Bearer &lt;token&gt;</c> (the operator token over HTTP, the model token over gRPC).
/// Tokens are compared as SHA-256 digests in constant time, so neither content nor length leaks through timing; only the
/// digest is kept.
/// </summary>
public sealed class BearerToken(string token)
{
    private const string Scheme = "Bearer ";
    private readonly byte[] _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Checks the value of an <c>Authorization</c> header (the scheme is case-insensitive).</summary>
    public BearerCheck Check(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return BearerCheck.Missing;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _digest) ? BearerCheck.Valid : BearerCheck.Wrong;
    }
}
