using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer;

/// <summary>The serving side of the gRPC model channel (port, token), bound from the <c>ModelChannel</c> section; inference holds the client side.</summary>
public sealed class ModelChannelServerOptions
{
    public const string SectionName = "ModelChannel";

    /// <summary>
    /// Shared secret every <c>ModelDistribution</c> call must present as <c>authorization: Bearer &lt;token&gt;</c>.
    /// The AppHost passes a secret parameter as <c>ModelChannel__Token</c>. Required.
    /// </summary>
    public string Token { get; set; } = "";

    /// <summary>
    /// Port of the HTTP/2-only (plaintext, prior knowledge) endpoint that serves gRPC. Kestrel speaks cleartext HTTP/2 only on
    /// an endpoint limited to HTTP/2, while health probes and browsers need HTTP/1.1 on the others. When unset, gRPC is
    /// reachable only over TLS (ALPN) on the ordinary URLs.
    /// </summary>
    public int? GrpcPort { get; set; }
}

internal sealed class ModelChannelServerOptionsValidator : IValidateOptions<ModelChannelServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelChannelServerOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            failures.Add($"{ModelChannelServerOptions.SectionName}:Token is empty: the model channel refuses to run unauthenticated. " +
                "Set it (environment variable ModelChannel__Token; the AppHost passes a secret parameter).");
        }

        if (options.GrpcPort is < 1 or > 65_535)
        {
            failures.Add($"{ModelChannelServerOptions.SectionName}:GrpcPort must be a TCP port (1–65535), not {options.GrpcPort}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
