using KappaAspire.Pipeline.Contracts;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Reprocessing;

/// <summary>The reprocessor role (<c>Inference:Role=Reprocessor</c>), bound from the <c>Reprocessor</c> section.</summary>
public sealed class ReprocessorOptions
{
    public const string SectionName = "Reprocessor";

    /// <summary><c>Inference:Role</c>: <c>Scorer</c> (default, live inference) or <c>Reprocessor</c>.</summary>
    public const string RoleKey = "Inference:Role";

    /// <summary>The control log the trainer writes runs to.</summary>
    public string ControlTopic { get; set; } = Topics.Reprocessing;

    /// <summary>Wait before starting again a run whose scoring stopped on its own (e.g. its model is not available yet).</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for a run's scoring to commit and stop when the run is retired or the process stops.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether <paramref name="configuration"/> starts this process as a reprocessor.</summary>
    public static bool IsReprocessor(IConfiguration configuration) =>
        configuration[RoleKey] is { } role && role.Equals("Reprocessor", StringComparison.OrdinalIgnoreCase);
}

internal sealed class ReprocessorOptionsValidator : IValidateOptions<ReprocessorOptions>
{
    public ValidateOptionsResult Validate(string? name, ReprocessorOptions options)
    {
        List<string>? failures = null;
        void Fail(string message) => (failures ??= []).Add(message);

        if (string.IsNullOrWhiteSpace(options.ControlTopic)) Fail("Reprocessor:ControlTopic must name the control log of reprocessing runs.");
        if (options.RestartDelay <= TimeSpan.Zero) Fail("Reprocessor:RestartDelay must be positive.");
        if (options.StopTimeout <= TimeSpan.Zero) Fail("Reprocessor:StopTimeout must be positive.");
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
