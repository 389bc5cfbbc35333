using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using static KappaAspire.AppHost.Tests.ModelInspection;

namespace KappaAspire.AppHost.Tests;

public sealed class EmbeddedModeTests
{
    [Fact]
    public void Embedded_mode_is_the_default_and_runs_the_broker_project_as_a_child_of_kafka()
    {
        var appHost = CreateBuilder();

        var kafka = appHost.AddKafka("kafka").Resource;

        Assert.Equal(KafkaMode.Embedded, kafka.Mode);
        var broker = Assert.IsType<ProjectResource>(kafka.Broker);
        Assert.Equal("kafka-broker", broker.Name);
        Assert.EndsWith("KappaAspire.Broker.csproj", broker.GetProjectMetadata().ProjectPath);
        Assert.Contains(broker.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource == kafka && r.Type == "Parent");
        Assert.Contains(kafka.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == "kafka_check");
        Assert.NotEmpty(broker.Annotations.OfType<HealthCheckAnnotation>());
    }

    [Fact]
    public void The_broker_listens_unproxied_on_127_0_0_1_9092_by_default()
    {
        var appHost = CreateBuilder();

        var kafka = appHost.AddKafka("kafka").Resource;

        var tcp = Endpoint(kafka.Broker!, "tcp");
        Assert.Equal(9092, tcp.Port);
        Assert.Equal(9092, tcp.TargetPort);
        Assert.False(tcp.IsProxied);
        Assert.Equal("127.0.0.1", tcp.TargetHost);
        Assert.Equal("http", Endpoint(kafka.Broker!, "http").UriScheme);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_broker_gets_its_listener_data_directory_and_http_urls_in_its_environment()
    {
        var appHost = CreateBuilder();
        var kafka = appHost.AddKafka("kafka").Resource;
        await using var app = appHost.Build();
        Allocate(kafka.Broker!, "tcp", "127.0.0.1", 9092);
        Allocate(kafka.Broker!, "http", "localhost", 50100, targetPort: "50101");

        var env = await EnvironmentAsync(app, kafka.Broker!, TestContext.Current.CancellationToken);

        Assert.Equal("127.0.0.1", env["Broker__Host"]);
        Assert.Equal("9092", env["Broker__Port"]);
        Assert.Equal("127.0.0.1", env["Broker__AdvertisedHost"]);
        Assert.Equal("300", env["Broker__GroupInitialRebalanceDelayMs"]);
        Assert.Equal(Path.Combine(appHost.AppHostDirectory, ".kappa", "kafka"), env["Broker__DataDir"]);
        Assert.Equal("http://localhost:50101", env["ASPNETCORE_URLS"]);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", env.Keys);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_connection_string_is_host_and_port_of_the_broker_listener()
    {
        var appHost = CreateBuilder();
        var kafka = appHost.AddKafka("kafka", port: 19092).Resource;
        Allocate(kafka.Broker!, "tcp", "127.0.0.1", 19092);

        var connectionString = await kafka.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken);

        Assert.Equal("127.0.0.1:19092", connectionString);
    }

    [Fact(Timeout = 30_000)]
    public async Task Port_and_data_directory_come_from_configuration()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "kappa-kafka-config-test");
        var appHost = CreateBuilder("--Kafka:Port=19093", $"--Kafka:DataDirectory={dataDirectory}");
        var kafka = appHost.AddKafka("kafka").Resource;
        await using var app = appHost.Build();
        Allocate(kafka.Broker!, "tcp", "127.0.0.1", 19093);
        Allocate(kafka.Broker!, "http", "localhost", 50100, targetPort: "50101");

        var env = await EnvironmentAsync(app, kafka.Broker!, TestContext.Current.CancellationToken);

        Assert.Equal(19093, Endpoint(kafka.Broker!, "tcp").Port);
        Assert.Equal("19093", env["Broker__Port"]);
        Assert.Equal(dataDirectory, env["Broker__DataDir"]);
    }

    [Fact]
    public void WithDataDirectory_resolves_a_relative_path_under_the_AppHost_directory()
    {
        var appHost = CreateBuilder();

        var kafka = appHost.AddKafka("kafka").WithDataDirectory("data/log").Resource;

        Assert.Equal(Path.Combine(appHost.AppHostDirectory, "data", "log"), kafka.DataDirectory);
    }

    [Fact]
    public void An_explicit_port_wins_over_configuration()
    {
        var appHost = CreateBuilder("--Kafka:Port=19093");

        var kafka = appHost.AddKafka("kafka", port: 19094).Resource;

        Assert.Equal(19094, Endpoint(kafka.Broker!, "tcp").Port);
    }
}
