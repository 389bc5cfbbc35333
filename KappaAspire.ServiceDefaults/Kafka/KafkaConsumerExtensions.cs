using Confluent.Kafka;
using KappaAspire.ServiceDefaults.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers Confluent.Kafka consumers with configuration binding, a health check, metrics and tracing.</summary>
public static class KafkaConsumerExtensions
{
    /// <summary>
    /// Registers <see cref="IConsumer{TKey, TValue}"/> as a singleton, configured from <c>Aspire:Confluent:Kafka:Consumer</c>,
    /// then <c>Aspire:Confluent:Kafka:Consumer:{connectionName}</c>, then <c>ConnectionStrings:{connectionName}</c>
    /// (the bootstrap servers), then <paramref name="configureSettings"/>. A group id (<c>Config:GroupId</c>) is required.
    /// </summary>
    /// <remarks>The consumer is shared by the process; the service running the consume loop should <c>Close()</c> it on shutdown.</remarks>
    /// <param name="builder">The application builder to read configuration from and add services to.</param>
    /// <param name="connectionName">The connection string name, also used for the per-connection section and the health check name.</param>
    /// <param name="configureSettings">Adjusts the bound settings; runs last.</param>
    /// <param name="configureBuilder">Customizes the consumer builder (deserializers, handlers); a statistics handler set here is chained, not replaced.</param>
    /// <exception cref="InvalidOperationException">On resolution, when no bootstrap servers or no group id are configured.</exception>
    public static void AddKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder = null)
        => AddConsumer(builder, connectionName, configureSettings, configureBuilder, serviceKey: null);

    /// <inheritdoc cref="AddKafkaConsumer{TKey, TValue}(IHostApplicationBuilder, string, Action{KafkaConsumerSettings}?, Action{IServiceProvider, ConsumerBuilder{TKey, TValue}}?)"/>
    public static void AddKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaConsumerSettings>? configureSettings,
        Action<ConsumerBuilder<TKey, TValue>>? configureBuilder)
        => AddConsumer(builder, connectionName, configureSettings, IgnoreServices(configureBuilder), serviceKey: null);

    /// <summary>
    /// Registers <see cref="IConsumer{TKey, TValue}"/> as a keyed singleton under <paramref name="name"/>, configured like
    /// <see cref="AddKafkaConsumer{TKey, TValue}(IHostApplicationBuilder, string, Action{KafkaConsumerSettings}?, Action{IServiceProvider, ConsumerBuilder{TKey, TValue}}?)"/>
    /// with <paramref name="name"/> as the connection name.
    /// </summary>
    /// <param name="builder">The application builder to read configuration from and add services to.</param>
    /// <param name="name">The service key and connection string name.</param>
    /// <param name="configureSettings">Adjusts the bound settings; runs last.</param>
    /// <param name="configureBuilder">Customizes the consumer builder; a statistics handler set here is chained, not replaced.</param>
    public static void AddKeyedKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string name,
        Action<KafkaConsumerSettings>? configureSettings = null,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        AddConsumer(builder, name, configureSettings, configureBuilder, serviceKey: name);
    }

    /// <inheritdoc cref="AddKeyedKafkaConsumer{TKey, TValue}(IHostApplicationBuilder, string, Action{KafkaConsumerSettings}?, Action{IServiceProvider, ConsumerBuilder{TKey, TValue}}?)"/>
    public static void AddKeyedKafkaConsumer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string name,
        Action<KafkaConsumerSettings>? configureSettings,
        Action<ConsumerBuilder<TKey, TValue>>? configureBuilder)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        AddConsumer(builder, name, configureSettings, IgnoreServices(configureBuilder), serviceKey: name);
    }

    private static void AddConsumer<TKey, TValue>(
        IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaConsumerSettings>? configureSettings,
        Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? configureBuilder,
        string? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new KafkaConsumerSettings();
        KafkaSettingsBinder.Bind(builder.Configuration, KafkaSettingsBinder.ConsumerSectionName, connectionName, settings, configureSettings);

        if (serviceKey is null)
        {
            builder.Services.AddSingleton(services =>
                KafkaClientFactory.CreateConsumer(services, settings, connectionName, configureBuilder));
        }
        else
        {
            builder.Services.AddKeyedSingleton(serviceKey, (services, _) =>
                KafkaClientFactory.CreateConsumer(services, settings, connectionName, configureBuilder));
        }

        KafkaClientFactory.AddTelemetryAndHealthCheck(
            builder, settings, KafkaSettingsBinder.ConsumerSectionName, connectionName, $"kafka-consumer-{connectionName}");
    }

    private static Action<IServiceProvider, ConsumerBuilder<TKey, TValue>>? IgnoreServices<TKey, TValue>(
        Action<ConsumerBuilder<TKey, TValue>>? configureBuilder)
        => configureBuilder is null ? null : (_, consumerBuilder) => configureBuilder(consumerBuilder);
}
