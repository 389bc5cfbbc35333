using Confluent.Kafka;
using KappaAspire.Inference.Health;
using KappaAspire.Inference.Models;
using KappaAspire.Inference.Monitoring;
using KappaAspire.Inference.Scoring;
using KappaAspire.Inference.Services;
using KappaAspire.Inference.Status;
using KappaAspire.Inference.Telemetry;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Extensions;

public static class InferenceExtensions
{
    /// <summary>
    /// Registers the model subscription (gRPC from the trainer), the scoring loop (Kafka in and out), their options,
    /// metrics and readiness check.
    /// </summary>
    public static IHostApplicationBuilder AddInferenceServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>();
        services.AddOptions<ModelChannelClientOptions>()
            .BindConfiguration(ModelChannelClientOptions.SectionName)
            // Aspire hands the trainer's "grpc" endpoint over as services:trainer:grpc:0 (WithReference).
            .PostConfigure<IConfiguration>((channel, configuration) =>
                channel.Address ??= configuration[ModelChannelClientOptions.ServiceDiscoveryKey])
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelChannelClientOptions>, ModelChannelClientOptionsValidator>();

        // The group is an Inference option so the scoring consumer and the warm-up reader agree on it.
        var group = builder.Configuration.GetSection(InferenceOptions.SectionName)[nameof(InferenceOptions.ConsumerGroup)]
            ?? new InferenceOptions().ConsumerGroup;

        // Keys stay bytes end to end: a dead letter carries the original key exactly, even one that is not UTF-8.
        builder.AddKafkaConsumer<byte[], byte[]>("kafka",
            settings =>
            {
                settings.Config.GroupId = group;
                // At-least-once by hand: offsets are committed only once the outputs for them are acknowledged.
                settings.Config.EnableAutoCommit = false;
                settings.Config.EnableAutoOffsetStore = false;
                // Only moved partitions are revoked on scale-out/in; see PartitionAssignments.
                settings.Config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
                // A new group scores the whole log: every reading gets a prediction.
                settings.Config.AutoOffsetReset ??= AutoOffsetReset.Earliest;
                // Catching up (a new group, a reprocessing run, a restart behind) fills the client's queue; librdkafka then
                // waits fetch.queue.backoff.ms (1 s by default) before fetching again, and scoring would idle most of it.
                settings.Config.FetchQueueBackoffMs ??= 10;
                settings.Config.ClientId ??= $"inference-{Environment.MachineName}";
            },
            (provider, consumer) => provider.GetRequiredService<PartitionAssignments>().AttachTo(consumer));

        // The warm-up reader: assign-only, never joins the group or commits. Same connection, its own client.
        builder.AddKafkaConsumer<Ignore, byte[]>("kafka", settings =>
        {
            settings.Config.GroupId = $"{group}-warmup";
            settings.Config.EnableAutoCommit = false;
            settings.Config.EnableAutoOffsetStore = false;
            settings.Config.EnablePartitionEof = true;
            // Assignments switch partition per warm-up; a long-poll fetch left over from the previous one would delay the next.
            settings.Config.FetchWaitMaxMs = 20;
            settings.Config.ClientId = $"inference-warmup-{Environment.MachineName}";
            // Its lag would read as the scoring consumer's; the group consumer's health check covers the cluster.
            settings.DisableMetrics = true;
            settings.DisableHealthChecks = true;
            settings.DisableTracing = true;
        });

        builder.AddKafkaProducer<byte[], byte[]>("kafka", settings =>
        {
            settings.Config.EnableIdempotence = true;
            settings.Config.Acks = Acks.All;
            settings.Config.LingerMs ??= 5;
            settings.Config.ClientId ??= $"inference-{Environment.MachineName}";
            // Delivery callbacks read only the outcome; not copying each message back saves work per prediction.
            settings.Config.DeliveryReportFields ??= "status";
        });

        services.AddSingleton<ServingModel>();
        services.AddSingleton<ServingModelQuality>();
        services.AddSingleton<InferenceMetrics>();
        services.AddSingleton<PartitionWarmup>();
        services.AddSingleton<PartitionAssignments>();
        services.AddSingleton<ReadingProcessor>();
        services.AddSingleton<InferenceStatusReporter>();
        services.AddSingleton<ModelSubscriptionService>();
        services.AddHostedService(provider => provider.GetRequiredService<ModelSubscriptionService>());
        services.AddSingleton<OutputHandover>();
        services.AddHostedService(provider => provider.GetRequiredService<OutputHandover>());
        services.AddHostedService<ScoringService>();

        services.AddHealthChecks().AddCheck<InferenceReadinessCheck>(InferenceReadinessCheck.Name, tags: ["ready"]);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, InferenceJsonContext.Default));
        return builder;
    }

    /// <summary>Maps <c>GET /status</c>: model, channel, owned partitions and counts.</summary>
    public static WebApplication MapInferenceEndpoints(this WebApplication app)
    {
        app.MapGet("/status", (InferenceStatusReporter reporter) => TypedResults.Ok(reporter.Report()));
        return app;
    }
}
