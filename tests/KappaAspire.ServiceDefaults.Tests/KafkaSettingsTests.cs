using Confluent.Kafka;
using KappaAspire.ServiceDefaults.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KappaAspire.ServiceDefaults.Tests;

public sealed class KafkaSettingsTests
{
    // Nothing listens on port 1, so building a client here never reaches a broker.
    private const string Unreachable = "127.0.0.1:1";

    private static HostApplicationBuilder Builder(params (string Key, string Value)[] configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration.Select(c => new KeyValuePair<string, string?>(c.Key, c.Value)));
        return builder;
    }

    private static KafkaProducerSettings ProducerSettings(HostApplicationBuilder builder, Action<KafkaProducerSettings>? configure = null)
    {
        KafkaProducerSettings? captured = null;
        builder.AddKafkaProducer<string, string>("kafka", settings =>
        {
            configure?.Invoke(settings);
            captured = settings;
        });
        return captured!;
    }

    [Fact]
    public void Connection_string_becomes_bootstrap_servers_and_wins_over_the_config_sections()
    {
        var builder = Builder(
            ("Aspire:Confluent:Kafka:Producer:Config:BootstrapServers", "global:9092"),
            ("Aspire:Confluent:Kafka:Producer:kafka:Config:BootstrapServers", "section:9092"),
            ("ConnectionStrings:kafka", "from-connection-string:9092"));

        var settings = ProducerSettings(builder);

        Assert.Equal("from-connection-string:9092", settings.ConnectionString);
        Assert.Equal("from-connection-string:9092", settings.Config.BootstrapServers);
    }

    [Fact]
    public void Comma_separated_connection_string_becomes_a_bootstrap_list()
    {
        var builder = Builder(("ConnectionStrings:kafka", "a:9092, b:9093 ,c:9094"));

        var settings = ProducerSettings(builder);

        Assert.Equal("a:9092,b:9093,c:9094", settings.Config.BootstrapServers);
    }

    [Fact]
    public void Per_connection_section_overrides_the_global_section_and_keeps_the_rest()
    {
        var builder = Builder(
            ("Aspire:Confluent:Kafka:Producer:Config:Acks", "Leader"),
            ("Aspire:Confluent:Kafka:Producer:Config:ClientId", "shared-client"),
            ("Aspire:Confluent:Kafka:Producer:DisableTracing", "true"),
            ("Aspire:Confluent:Kafka:Producer:kafka:Config:Acks", "All"),
            ("Aspire:Confluent:Kafka:Producer:kafka:DisableTracing", "false"),
            ("Aspire:Confluent:Kafka:Producer:kafka:HealthCheckTimeout", "00:00:02"));

        var settings = ProducerSettings(builder);

        Assert.Equal(Acks.All, settings.Config.Acks);
        Assert.Equal("shared-client", settings.Config.ClientId);
        Assert.False(settings.DisableTracing);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.HealthCheckTimeout);
    }

    [Fact]
    public void Config_subsection_properties_land_in_the_producer_config_by_property_or_librdkafka_name()
    {
        var builder = Builder(
            ("Aspire:Confluent:Kafka:Producer:Config:Acks", "All"),
            ("Aspire:Confluent:Kafka:Producer:Config:EnableIdempotence", "true"),
            ("Aspire:Confluent:Kafka:Producer:Config:LingerMs", "5"),
            ("Aspire:Confluent:Kafka:Producer:Config:compression.type", "lz4"));

        var settings = ProducerSettings(builder);

        Assert.Equal(Acks.All, settings.Config.Acks);
        Assert.True(settings.Config.EnableIdempotence);
        Assert.Equal(5, settings.Config.LingerMs);
        Assert.Equal(CompressionType.Lz4, settings.Config.CompressionType);
    }

    [Fact]
    public void Consumer_config_binds_from_the_consumer_sections()
    {
        var builder = Builder(
            ("ConnectionStrings:kafka", Unreachable),
            ("Aspire:Confluent:Kafka:Consumer:Config:GroupId", "inference"),
            ("Aspire:Confluent:Kafka:Consumer:kafka:Config:AutoOffsetReset", "Earliest"));
        KafkaConsumerSettings? captured = null;

        builder.AddKafkaConsumer<string, string>("kafka", settings => captured = settings);

        Assert.Equal("inference", captured!.Config.GroupId);
        Assert.Equal(AutoOffsetReset.Earliest, captured.Config.AutoOffsetReset);
        Assert.Equal(Unreachable, captured.Config.BootstrapServers);
    }

    [Fact]
    public void ConfigureSettings_runs_last_and_its_changes_win()
    {
        var builder = Builder(
            ("ConnectionStrings:kafka", "from-connection-string:9092"),
            ("Aspire:Confluent:Kafka:Producer:Config:Acks", "Leader"));

        var settings = ProducerSettings(builder, s => s.Config.Acks = Acks.None);
        var replaced = ProducerSettings(Builder(("ConnectionStrings:kafka", "a:9092")), s => s.ConnectionString = "b:9092");
        var direct = ProducerSettings(Builder(("ConnectionStrings:kafka", "a:9092")), s => s.Config.BootstrapServers = "c:9092");

        Assert.Equal(Acks.None, settings.Config.Acks);
        Assert.Equal("b:9092", replaced.Config.BootstrapServers);
        Assert.Equal("c:9092", direct.Config.BootstrapServers);
    }

    [Fact]
    public void Metrics_turn_on_librdkafka_statistics_unless_the_user_chose_an_interval()
    {
        var byDefault = ProducerSettings(Builder());
        var chosen = ProducerSettings(Builder(("Aspire:Confluent:Kafka:Producer:Config:StatisticsIntervalMs", "5000")));
        var disabled = ProducerSettings(Builder(("Aspire:Confluent:Kafka:Producer:DisableMetrics", "true")));

        Assert.Equal(1000, byDefault.Config.StatisticsIntervalMs);
        Assert.Equal(5000, chosen.Config.StatisticsIntervalMs);
        Assert.Null(disabled.Config.StatisticsIntervalMs);
    }

    [Fact]
    public void Missing_bootstrap_servers_fail_on_resolution_naming_the_keys_to_set()
    {
        var builder = Builder();
        builder.AddKafkaProducer<string, string>("kafka");
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IProducer<string, string>>());

        Assert.StartsWith("No bootstrap servers configured.", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:kafka", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:Confluent:Kafka:Producer:kafka:Config:BootstrapServers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_group_id_fails_consumer_resolution_naming_the_keys_to_set()
    {
        var builder = Builder(("ConnectionStrings:kafka", Unreachable));
        builder.AddKafkaConsumer<string, string>("kafka");
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IConsumer<string, string>>());

        Assert.StartsWith("No group id configured.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:Confluent:Kafka:Consumer:Config:GroupId", error.Message, StringComparison.Ordinal);
        Assert.Contains("Aspire:Confluent:Kafka:Consumer:kafka:Config:GroupId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keyed_producer_is_resolved_by_its_name_with_its_own_connection_string()
    {
        var builder = Builder(("ConnectionStrings:events", Unreachable));
        builder.AddKeyedKafkaProducer<string, string>("events");
        using var host = builder.Build();

        var producer = host.Services.GetRequiredKeyedService<IProducer<string, string>>("events");

        Assert.NotNull(producer);
        Assert.Null(host.Services.GetService<IProducer<string, string>>());
    }

    [Fact]
    public void One_ready_health_check_is_registered_per_client_kind_and_connection()
    {
        var builder = Builder(("ConnectionStrings:kafka", Unreachable), ("Aspire:Confluent:Kafka:Consumer:Config:GroupId", "g"));
        builder.AddKafkaProducer<string, string>("kafka");
        builder.AddKafkaProducer<string, byte[]>("kafka");
        builder.AddKafkaConsumer<string, string>("kafka");
        builder.AddKafkaProducer<string, string>("other", settings => settings.DisableHealthChecks = true);
        using var host = builder.Build();

        var registrations = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Equal(["kafka-consumer-kafka", "kafka-producer-kafka"], registrations.Select(r => r.Name).Order());
        Assert.All(registrations, r => Assert.Contains("ready", r.Tags));
    }
}
