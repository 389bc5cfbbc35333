using Confluent.Kafka;
using KappaAspire.Producer.Apis;
using KappaAspire.Producer.Services;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KappaAspire.Producer.Extensions;

public static class ProducerExtensions
{
    /// <summary>
    /// The operator token on control endpoints, options (validated at startup), the idempotent Kafka producer on connection <c>kafka</c>, the counters and
    /// controls, and the background service of the configured <see cref="ProducerOptions.Mode"/>.
    /// </summary>
    public static IHostApplicationBuilder AddProducerServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddOperatorAuthentication();
        services.AddOptions<ProducerOptions>()
            .BindConfiguration(ProducerOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProducerOptions>, ProducerOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        builder.AddKafkaProducer<string, byte[]>("kafka", settings =>
        {
            // Exactly once per partition and nothing lost on a leader change: the log is the source of truth.
            settings.Config.EnableIdempotence = true;
            settings.Config.Acks = Acks.All;
            // A few milliseconds of batching multiply throughput; configuration may still choose another value.
            settings.Config.LingerMs ??= 5;
            settings.Config.ClientId ??= "kappa-producer";
            // Delivery callbacks read the outcome and, on failure, the sensor (the key); the value is not copied back.
            settings.Config.DeliveryReportFields ??= "key,status";
        });

        services.AddSingleton<ProducerControl>();
        services.AddSingleton<ProducerMetrics>();
        services.AddSingleton<AnomalyInjector>();
        services.AddSingleton<ReadingPublisher>();
        services.AddSingleton<ReplayProgress>();
        services.AddSingleton<ProducerState>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ProducerJsonContext.Default));

        // The mode decides which loop runs; an unknown mode fails here with the key named by the binder.
        var mode = builder.Configuration.GetValue($"{ProducerOptions.SectionName}:{nameof(ProducerOptions.Mode)}", ProducerMode.Simulate);
        if (mode == ProducerMode.Replay)
        {
            services.AddHostedService<ReplayService>();
        }
        else
        {
            services.AddHostedService<SimulationService>();
        }
        return builder;
    }
}
