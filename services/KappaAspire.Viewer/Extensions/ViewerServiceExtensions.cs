using Confluent.Kafka;
using KappaAspire.ServiceDefaults.Security;
using KappaAspire.Viewer;
using KappaAspire.Viewer.Kafka;
using KappaAspire.Viewer.LogView;
using KappaAspire.Viewer.Services;
using KappaAspire.Viewer.Streaming;
using KappaAspire.Viewer.Telemetry;
using KappaAspire.Viewer.View;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>The viewer's services: the <c>iot_predictions</c> consumer, the live view, the event stream and the model catalog.</summary>
public static class ViewerServiceExtensions
{
    public static IHostApplicationBuilder AddViewerServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ViewerOptions>()
            .Bind(builder.Configuration.GetSection(ViewerOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ViewerOptions>, ViewerOptionsValidator>();
        var options = builder.Configuration.GetSection(ViewerOptions.SectionName).Get<ViewerOptions>() ?? new ViewerOptions();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ViewerMetrics>();
        builder.Services.AddSingleton<LiveView>();
        builder.Services.AddSingleton<KafkaLogInspector>();
        builder.Services.AddSingleton<RecordBrowser>();
        // Re-driving dead letters writes to the log: only with the operator token, and then only for those who present it.
        // Without one the viewer stays read-only (the endpoint is not mapped).
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{OperatorTokenOptions.SectionName}:{nameof(OperatorTokenOptions.Token)}"]))
        {
            builder.AddOperatorAuthentication();
            builder.Services.AddSingleton<DeadLetterRedrive>();
        }
        builder.Services.AddSingleton<KafkaConnectionMonitor>();
        builder.Services.AddSingleton<ResumePositions>();
        builder.Services.AddSingleton<ModelCatalog>();
        builder.Services.AddSingleton<ViewerEventStream>();

        // A group of its own per instance, so every viewer replica sees every prediction; it never commits, so the
        // group holds no state worth keeping (see ResumePositions for where reading starts).
        builder.AddKafkaConsumer<string, byte[]>("kafka",
            settings =>
            {
                settings.Config.GroupId ??= $"viewer-{InstanceName()}";
                settings.Config.EnableAutoCommit = false;
                settings.Config.EnableAutoOffsetStore = false;
                settings.Config.AutoOffsetReset ??= AutoOffsetReset.Latest;
                // The connection status on the page is driven by these statistics, so they are on even without metrics.
                settings.Config.StatisticsIntervalMs ??= 1000;
                // Find iot_predictions (and new partitions) soon when the viewer starts before the topic exists.
                settings.Config.TopicMetadataRefreshIntervalMs ??= 10_000;
            },
            (services, consumer) =>
            {
                var connection = services.GetRequiredService<KafkaConnectionMonitor>();
                var positions = services.GetRequiredService<ResumePositions>();
                consumer.SetErrorHandler((_, error) => connection.OnError(error));
                consumer.SetStatisticsHandler((_, json) => connection.OnStatistics(json));
                consumer.SetPartitionsAssignedHandler(positions.OnAssigned);
            });
        // Which topic is current follows cut-overs on the control log; the consumer switches to it.
        builder.Services.AddSingleton<CurrentOutput>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CurrentOutput>());
        builder.Services.AddHostedService<PredictionConsumer>();

        if (!string.IsNullOrWhiteSpace(options.TrainerUrl))
        {
            // "http://trainer" resolves through service discovery (services:trainer:http:0), set by the AppHost's reference.
            builder.Services.AddHttpClient<TrainerClient>(http => http.BaseAddress = new Uri(options.TrainerUrl));
            builder.Services.AddHostedService<ModelCatalogPoller>();
        }
        return builder;
    }

    private static string InstanceName() =>
        // The host name tells replicas apart in Kubernetes; the suffix, two viewers on one machine.
        $"{Environment.MachineName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..8]}";
}
