using System.Text.Json.Serialization;
using KappaAspire.Inference.Reprocessing;
using KappaAspire.Inference.Status;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Extensions;

public static class ReprocessorExtensions
{
    /// <summary>
    /// The reprocessor role: no scoring of its own, a <see cref="RunHost"/> (the live inference host configured for the
    /// run) per active run of the control log.
    /// </summary>
    public static IHostApplicationBuilder AddReprocessorServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReprocessorOptions>().BindConfiguration(ReprocessorOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReprocessorOptions>, ReprocessorOptionsValidator>();
        services.AddSingleton<ReprocessorService>();
        services.AddHostedService(provider => provider.GetRequiredService<ReprocessorService>());
        services.AddHealthChecks().AddCheck("reprocessor", () => HealthCheckResult.Healthy(), tags: ["ready"]);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ReprocessorJsonContext.Default));
        return builder;
    }

    /// <summary>Maps <c>GET /status</c>: each run this process scores, with its scoring's own status.</summary>
    public static WebApplication MapReprocessorEndpoints(this WebApplication app)
    {
        app.MapGet("/status", (ReprocessorService reprocessor) => TypedResults.Ok(new ReprocessorStatus(
            reprocessor.IsFollowing,
            [.. reprocessor.Hosts.Select(h => new RunScoringStatus(h.Run.Model, h.Run.OutputTopic, h.Run.ConsumerGroup, h.StartedAt, h.Status))])));
        return app;
    }
}

/// <summary>What a reprocessor's <c>GET /status</c> answers.</summary>
/// <param name="Following">Whether the control log is being followed.</param>
/// <param name="Runs">The runs this process scores.</param>
internal sealed record ReprocessorStatus(bool Following, IReadOnlyList<RunScoringStatus> Runs);

/// <param name="Model">The run's model.</param>
/// <param name="OutputTopic">Where its predictions go.</param>
/// <param name="ConsumerGroup">Its group.</param>
/// <param name="StartedAt">When this process started scoring it.</param>
/// <param name="Scoring">The status live inference shows, for the run's scoring.</param>
internal sealed record RunScoringStatus(string Model, string OutputTopic, string ConsumerGroup, DateTimeOffset StartedAt, InferenceStatus Scoring);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ReprocessorStatus))]
internal sealed partial class ReprocessorJsonContext : JsonSerializerContext;
