using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>Builds producers and consumers from bound settings and registers their telemetry and health checks.</summary>
internal static partial class KafkaClientFactory
{
    internal const string LogCategory = "KappaAspire.Kafka";

    public static IProducer<TKey, TValue> CreateProducer<TKey, TValue>(
        IServiceProvider services,
        KafkaProducerSettings settings,
        string connectionName,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder)
    {
        KafkaSettingsBinder.ValidateBootstrapServers(settings, KafkaSettingsBinder.ProducerSectionName, connectionName);

        var builder = new InstrumentedProducerBuilder<TKey, TValue>(settings.Config);
        configureBuilder?.Invoke(services, builder);

        // Our handlers go in after the user's delegate, so a user handler set there is chained rather than rejected.
        var logger = CreateLogger(services);
        builder.RouteLogsTo(logger);
        if (MetricsHandler(services, settings) is { } onStatistics)
        {
            builder.ChainStatisticsHandler(onStatistics);
        }

        var producer = builder.Build();
        KafkaClientRegistry.Register(producer, new KafkaClientOptions(!settings.DisableTracing, !settings.DisableMetrics, null));
        return producer;
    }

    public static IConsumer<TKey, TValue> CreateConsumer<TKey, TValue>(
        IServiceProvider services,
        KafkaConsumerSettings settings,
        string connectionName,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder)
    {
        KafkaSettingsBinder.ValidateBootstrapServers(settings, KafkaSettingsBinder.ConsumerSectionName, connectionName);
        KafkaSettingsBinder.ValidateGroupId(settings, connectionName);

        var builder = new InstrumentedConsumerBuilder<TKey, TValue>(settings.Config);
        configureBuilder?.Invoke(services, builder);

        var logger = CreateLogger(services);
        builder.RouteLogsTo(logger);
        if (MetricsHandler(services, settings) is { } onStatistics)
        {
            builder.ChainStatisticsHandler(onStatistics);
        }

        var consumer = builder.Build();
        KafkaClientRegistry.Register(consumer,
            new KafkaClientOptions(!settings.DisableTracing, !settings.DisableMetrics, settings.Config.GroupId));
        return consumer;
    }

    /// <summary>Registers metrics, tracing and the health check that the settings ask for.</summary>
    public static void AddTelemetryAndHealthCheck(
        IHostApplicationBuilder builder, IKafkaClientSettings settings, string sectionName, string connectionName, string healthCheckName)
    {
        if (!settings.DisableMetrics)
        {
            builder.Services.AddMetrics();
            builder.Services.TryAddSingleton<KafkaMetrics>();
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(KafkaTelemetry.MeterName));
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(KafkaTelemetry.ActivitySourceName));
        }

        if (settings.DisableHealthChecks)
        {
            return;
        }

        // Two registrations for the same connection (say <string, string> and <string, byte[]> producers) probe the
        // same cluster; health check names must be unique, so the first one wins.
        var registeredKey = $"{LogCategory}.HealthCheck:{healthCheckName}";
        if (builder.Properties.ContainsKey(registeredKey))
        {
            return;
        }
        builder.Properties[registeredKey] = true;

        var serviceKey = new HealthCheckServiceKey(healthCheckName);
        builder.Services.AddKeyedSingleton(serviceKey, (services, _) => new KafkaHealthCheck(
            () =>
            {
                KafkaSettingsBinder.ValidateBootstrapServers(settings, sectionName, connectionName);
                var logger = CreateLogger(services);
                return new AdminClientBuilder(KafkaHealthCheck.AdminConfigFrom(settings.Config))
                    .SetLogHandler((_, message) => Log(logger, message))
                    .Build();
            },
            settings.HealthCheckTimeout,
            settings.Config.BootstrapServers));

        // Tagged "ready": /health runs every check, /alive only "live" ones, and a broker outage must not get the
        // process restarted, only taken out of rotation.
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckName,
            services => services.GetRequiredKeyedService<KafkaHealthCheck>(serviceKey),
            failureStatus: null,
            tags: ["ready"]));
    }

    /// <summary>Feeds librdkafka's statistics to <see cref="KafkaMetrics"/>, unless the settings disable metrics.</summary>
    private static Action<string>? MetricsHandler(IServiceProvider services, IKafkaClientSettings settings)
    {
        if (settings.DisableMetrics)
        {
            return null;
        }

        var metrics = services.GetRequiredService<KafkaMetrics>();
        var forgetAfter = ForgetStatisticsAfter(settings.Config.StatisticsIntervalMs);
        return json => metrics.OnStatistics(json, forgetAfter);
    }

    private static TimeSpan ForgetStatisticsAfter(int? statisticsIntervalMs) =>
        TimeSpan.FromMilliseconds(Math.Max(5L * (statisticsIntervalMs ?? KafkaSettingsBinder.DefaultStatisticsIntervalMs), 30_000));

    private static ILogger CreateLogger(IServiceProvider services) =>
        services.GetService<ILoggerFactory>()?.CreateLogger(LogCategory) ?? NullLogger.Instance;

    /// <summary>librdkafka's log handler: one line per message, repeats throttled by <see cref="KafkaLogThrottle.Shared"/>.</summary>
    internal static void Log(ILogger logger, LogMessage message) => Log(logger, message, KafkaLogThrottle.Shared, Environment.TickCount64);

    internal static void Log(ILogger logger, LogMessage message, KafkaLogThrottle throttle, long nowMs)
    {
        var level = (LogLevel)message.LevelAs(LogLevelType.MicrosoftExtensionsLogging);
        // message.Name, not the client's Name: librdkafka still logs while the native handle is being destroyed.
        if (!logger.IsEnabled(level) || !throttle.ShouldLog(message.Name, message.Facility, level, nowMs, out var suppressed))
        {
            return;
        }

        if (suppressed > 0)
        {
            LogLibrdkafkaAfterRepeats(logger, level, message.Name, message.Facility, message.Message, suppressed);
        }
        else
        {
            LogLibrdkafka(logger, level, message.Name, message.Facility, message.Message);
        }
    }

    [LoggerMessage(EventId = 1, Message = "librdkafka {ClientName} {Facility}: {KafkaMessage}")]
    private static partial void LogLibrdkafka(ILogger logger, LogLevel level, string clientName, string facility, string kafkaMessage);

    [LoggerMessage(EventId = 2, Message = "librdkafka {ClientName} {Facility}: {KafkaMessage} (and {Repeats} more {Facility} lines from this client left out since the last one logged)")]
    private static partial void LogLibrdkafkaAfterRepeats(ILogger logger, LogLevel level, string clientName, string facility, string kafkaMessage, int repeats);

    private sealed record HealthCheckServiceKey(string Name);
}
