using Confluent.Kafka;
using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Distribution;
using KappaAspire.Trainer.Registry;
using KappaAspire.Trainer.Reprocessing;
using KappaAspire.Trainer.Services;
using KappaAspire.Trainer.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Extensions;

public static class TrainerServiceExtensions
{
    /// <summary>
    /// Group id the Kafka integration requires of every consumer. The trainer never joins it, reads or commits a position:
    /// replays assign partitions and seek to the earliest offset.
    /// </summary>
    public const string ReplayGroupId = "kappa-trainer-replay";

    /// <summary>Replay (Kafka), training, the model registry, the gRPC model channel and the endpoints they listen on.</summary>
    public static WebApplicationBuilder AddTrainerServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddOperatorAuthentication();
        services.AddOptions<TrainerOptions>().BindConfiguration(TrainerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrainerOptions>, TrainerOptionsValidator>();
        services.AddOptions<ModelChannelServerOptions>().BindConfiguration(ModelChannelServerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelChannelServerOptions>, ModelChannelServerOptionsValidator>();

        builder.AddKafkaConsumer<Ignore, byte[]>("kafka", settings =>
        {
            var config = settings.Config;
            config.GroupId = ReplayGroupId;
            config.EnableAutoCommit = false;
            config.EnableAutoOffsetStore = false;
            config.EnablePartitionEof = true;
            // Replay is bulk reading: large fetches (few round trips, the broker streams whole segments) and no topic name
            // materialized per record. Configuration (Aspire:Confluent:Kafka:Consumer:Config) wins over these sizes. The
            // timestamp stays: readings are validated against their record's timestamp, as inference validates them live.
            config.MaxPartitionFetchBytes ??= 16 * 1024 * 1024;
            config.FetchMaxBytes ??= 64 * 1024 * 1024;
            // Replay drains faster than a default client refetches: once a partition's queue holds queued.min.messages,
            // librdkafka waits fetch.queue.backoff.ms (1 s by default) before fetching it again, and replay idles.
            config.FetchQueueBackoffMs ??= 10;
            config.ConsumeResultFields = "headers,timestamp";
        });

        // The drift watcher's reader of iot_predictions: assign + seek to each check's window, never committed. Its lag and
        // health are not the trainer's: the replay consumer covers the cluster.
        builder.AddKafkaConsumer<string, byte[]>("kafka", settings =>
        {
            var config = settings.Config;
            config.GroupId = DriftWatcher.GroupId;
            config.EnableAutoCommit = false;
            config.EnableAutoOffsetStore = false;
            config.EnablePartitionEof = true;
            // The window is read from values alone.
            config.ConsumeResultFields = "none";
            config.ClientId ??= $"trainer-drift-{Environment.MachineName}";
            settings.DisableHealthChecks = true;
            settings.DisableMetrics = true;
            settings.DisableTracing = true;
        });

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TrainerTelemetry>();
        services.AddSingleton<PromotedModelFeed>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<LogReplayer>();
        services.AddSingleton<TrainingCoordinator>();
        services.AddHostedService<TrainingScheduler>();
        services.AddSingleton<GrowthWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<GrowthWatcher>());
        services.AddSingleton<DriftWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DriftWatcher>());

        // Kappa reprocessing runs: the control log, run topics and their progress.
        services.AddSingleton<ReprocessingKafka>();
        services.AddSingleton<ReprocessingMetrics>();
        services.AddSingleton<ReprocessingControl>();
        services.AddHostedService<ReprocessingMonitor>();

        services.AddSingleton<ModelChannelAuthInterceptor>();
        services.AddGrpc(grpc => grpc.Interceptors.Add<ModelChannelAuthInterceptor>());
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, TrainerJsonContext.Default));

        builder.ListenOnHttpAndGrpcPorts();
        return builder;
    }
}
