using Microsoft.Extensions.Options;

namespace KappaAspire.Inference;

/// <summary>The client side of the model channel: where and how to subscribe to the trainer's models, bound from the <c>ModelChannel</c> section.</summary>
public sealed class ModelChannelClientOptions
{
    public const string SectionName = "ModelChannel";

    /// <summary>The endpoint Aspire injects for the trainer's <c>grpc</c> endpoint (<c>services__trainer__grpc__0</c>).</summary>
    public const string ServiceDiscoveryKey = "services:trainer:grpc:0";

    /// <summary>The trainer's gRPC address, e.g. <c>http://trainer:8081</c> (plaintext HTTP/2). Defaults to <see cref="ServiceDiscoveryKey"/>.</summary>
    public string? Address { get; set; }

    /// <summary>Shared secret sent as <c>authorization: Bearer …</c>; the trainer holds the same one.</summary>
    public string? Token { get; set; }

    /// <summary>First delay before reconnecting; doubles per failed attempt (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan MinRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}

internal sealed class ModelChannelClientOptionsValidator : IValidateOptions<ModelChannelClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelChannelClientOptions options)
    {
        List<string>? failures = null;
        void Fail(string message) => (failures ??= []).Add(message);

        if (string.IsNullOrWhiteSpace(options.Address))
        {
            Fail($"No model channel address: set ModelChannel:Address or reference the trainer's 'grpc' endpoint ({ModelChannelClientOptions.ServiceDiscoveryKey}).");
        }
        else if (!Uri.TryCreate(options.Address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            Fail($"ModelChannel:Address '{options.Address}' is not an absolute http:// or https:// address.");
        }

        if (string.IsNullOrWhiteSpace(options.Token))
        {
            Fail("No model channel token: set ModelChannel:Token (the secret the trainer checks).");
        }

        if (options.MinRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.MinRetryDelay)
        {
            Fail("ModelChannel:MinRetryDelay must be positive and no larger than ModelChannel:MaxRetryDelay.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
