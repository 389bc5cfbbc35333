using Confluent.Kafka;
using KappaAspire.ServiceDefaults.Kafka;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers Confluent.Kafka producers with configuration binding, a health check, metrics and tracing.</summary>
public static class KafkaProducerExtensions
{
    /// <summary>
    /// Registers <see cref="IProducer{TKey, TValue}"/> as a singleton, configured from <c>Aspire:Confluent:Kafka:Producer</c>,
    /// then <c>Aspire:Confluent:Kafka:Producer:{connectionName}</c>, then <c>ConnectionStrings:{connectionName}</c>
    /// (the bootstrap servers), then <paramref name="configureSettings"/>.
    /// </summary>
    /// <param name="builder">The application builder to read configuration from and add services to.</param>
    /// <param name="connectionName">The connection string name, also used for the per-connection section and the health check name.</param>
    /// <param name="configureSettings">Adjusts the bound settings; runs last.</param>
    /// <param name="configureBuilder">Customizes the producer builder (serializers, handlers); a statistics handler set here is chained, not replaced.</param>
    /// <exception cref="InvalidOperationException">On resolution, when no bootstrap servers are configured.</exception>
    public static void AddKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaProducerSettings>? configureSettings = null,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder = null)
        => AddProducer(builder, connectionName, configureSettings, configureBuilder, serviceKey: null);

    /// <inheritdoc cref="AddKafkaProducer{TKey, TValue}(IHostApplicationBuilder, string, Action{KafkaProducerSettings}?, Action{IServiceProvider, ProducerBuilder{TKey, TValue}}?)"/>
    public static void AddKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaProducerSettings>? configureSettings,
        Action<ProducerBuilder<TKey, TValue>>? configureBuilder)
        => AddProducer(builder, connectionName, configureSettings, IgnoreServices(configureBuilder), serviceKey: null);

    /// <summary>
    /// Registers <see cref="IProducer{TKey, TValue}"/> as a keyed singleton under <paramref name="name"/>, configured like
    /// <see cref="AddKafkaProducer{TKey, TValue}(IHostApplicationBuilder, string, Action{KafkaProducerSettings}?, Action{IServiceProvider, ProducerBuilder{TKey, TValue}}?)"/>
    /// with <paramref name="name"/> as the connection name.
    /// </summary>
    /// <param name="builder">The application builder to read configuration from and add services to.</param>
    /// <param name="name">The service key and connection string name.</param>
    /// <param name="configureSettings">Adjusts the bound settings; runs last.</param>
    /// <param name="configureBuilder">Customizes the producer builder; a statistics handler set here is chained, not replaced.</param>
    public static void AddKeyedKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string name,
        Action<KafkaProducerSettings>? configureSettings = null,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        AddProducer(builder, name, configureSettings, configureBuilder, serviceKey: name);
    }

    /// <inheritdoc cref="AddKeyedKafkaProducer{TKey, TValue}(IHostApplicationBuilder, string, Action{KafkaProducerSettings}?, Action{IServiceProvider, ProducerBuilder{TKey, TValue}}?)"/>
    public static void AddKeyedKafkaProducer<TKey, TValue>(
        this IHostApplicationBuilder builder,
        string name,
        Action<KafkaProducerSettings>? configureSettings,
        Action<ProducerBuilder<TKey, TValue>>? configureBuilder)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        AddProducer(builder, name, configureSettings, IgnoreServices(configureBuilder), serviceKey: name);
    }

    private static void AddProducer<TKey, TValue>(
        IHostApplicationBuilder builder,
        string connectionName,
        Action<KafkaProducerSettings>? configureSettings,
        Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? configureBuilder,
        string? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);

        var settings = new KafkaProducerSettings();
        KafkaSettingsBinder.Bind(builder.Configuration, KafkaSettingsBinder.ProducerSectionName, connectionName, settings, configureSettings);

        if (serviceKey is null)
        {
            builder.Services.AddSingleton(services =>
                KafkaClientFactory.CreateProducer(services, settings, connectionName, configureBuilder));
        }
        else
        {
            builder.Services.AddKeyedSingleton(serviceKey, (services, _) =>
                KafkaClientFactory.CreateProducer(services, settings, connectionName, configureBuilder));
        }

        KafkaClientFactory.AddTelemetryAndHealthCheck(
            builder, settings, KafkaSettingsBinder.ProducerSectionName, connectionName, $"kafka-producer-{connectionName}");
    }

    private static Action<IServiceProvider, ProducerBuilder<TKey, TValue>>? IgnoreServices<TKey, TValue>(
        Action<ProducerBuilder<TKey, TValue>>? configureBuilder)
        => configureBuilder is null ? null : (_, producerBuilder) => configureBuilder(producerBuilder);
}
