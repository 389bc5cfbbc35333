using Microsoft.Extensions.Options;

namespace KappaAspire.ServiceDefaults.Security;

/// <summary>The operator token, bound from the <c>Operator</c> section (<c>Operator__Token</c>).</summary>
public sealed class OperatorTokenOptions
{
    public const string SectionName = "Operator";

    /// <summary>
    /// The secret every control request (the trainer's and producer's POST endpoints) must present as
    /// <c>Authorization: Bearer &lt;token&gt;</c>. The AppHost passes its <c>operator-token</c> secret parameter. Required.
    /// </summary>
    public string Token { get; set; } = "";
}

internal sealed class OperatorTokenOptionsValidator : IValidateOptions<OperatorTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, OperatorTokenOptions options) =>
        string.IsNullOrWhiteSpace(options.Token)
            ? ValidateOptionsResult.Fail($"{OperatorTokenOptions.SectionName}:Token is empty: control endpoints refuse to run unauthenticated. " +
                "Set it (environment variable Operator__Token; the AppHost passes its operator-token secret parameter).")
            : ValidateOptionsResult.Success;
}
