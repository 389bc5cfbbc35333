using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using static KappaAspire.AppHost.Tests.ModelInspection;

namespace KappaAspire.AppHost.Tests;

/// <summary>Container mode needs a container runtime to run, so these tests only build the model.</summary>
public sealed class ContainerModeTests
{
    [Fact]
    public void Container_mode_runs_the_confluent_local_image_instead_of_the_broker_project()
    {
        var appHost = CreateBuilder("--Kafka:Mode=container");

        var kafka = appHost.AddKafka("kafka").Resource;

        Assert.Equal(KafkaMode.Container, kafka.Mode);
        var container = Assert.IsType<ContainerResource>(kafka.Broker);
        var image = container.Annotations.OfType<ContainerImageAnnotation>().Single();
        Assert.Equal("docker.io", image.Registry);
        Assert.Equal("confluentinc/confluent-local", image.Image);
        Assert.Equal("8.2.0", image.Tag);
        Assert.Empty(appHost.Resources.OfType<ProjectResource>());
        Assert.Equal(9092, Endpoint(container, "tcp").TargetPort);
        Assert.Equal(9093, Endpoint(container, "internal").TargetPort);
    }

    [Fact]
    public void The_container_keeps_its_log_on_a_named_volume()
    {
        var appHost = CreateBuilder("--Kafka:Mode=container");

        var kafka = appHost.AddKafka("kafka").Resource;

        var mount = kafka.Broker!.Annotations.OfType<ContainerMountAnnotation>().Single();
        Assert.Equal(ContainerMountType.Volume, mount.Type);
        Assert.Equal("/var/lib/kafka/data", mount.Target);
        Assert.EndsWith("kafka-data", mount.Source);
    }

    [Fact]
    public void A_data_directory_is_bind_mounted_instead_of_the_volume()
    {
        var appHost = CreateBuilder("--Kafka:Mode=container");

        var kafka = appHost.AddKafka("kafka").WithDataDirectory("kafka-data").Resource;

        var mount = kafka.Broker!.Annotations.OfType<ContainerMountAnnotation>().Single();
        Assert.Equal(ContainerMountType.BindMount, mount.Type);
        Assert.Equal(Path.Combine(appHost.AppHostDirectory, "kafka-data"), mount.Source);
        Assert.Equal("/var/lib/kafka/data", mount.Target);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_container_runs_a_single_KRaft_node_advertising_the_host_port()
    {
        var appHost = CreateBuilder("--Kafka:Mode=container");
        var kafka = appHost.AddKafka("kafka", port: 19092).Resource;
        await using var app = appHost.Build();
        Allocate(kafka.Broker!, "tcp", "localhost", 19092);
        Allocate(kafka.Broker!, "internal", "localhost", 50200, targetPort: "9093");
        AllocateOnContainerNetwork(kafka.Broker!, "internal", "kafka-broker.dev.internal", 9093);

        var env = await EnvironmentAsync(app, kafka.Broker!, TestContext.Current.CancellationToken);

        Assert.Equal("broker,controller", env["KAFKA_PROCESS_ROLES"]);
        Assert.Equal("1", env["KAFKA_NODE_ID"]);
        Assert.Equal("1@localhost:29093", env["KAFKA_CONTROLLER_QUORUM_VOTERS"]);
        Assert.Equal("CONTROLLER", env["KAFKA_CONTROLLER_LISTENER_NAMES"]);
        Assert.False(string.IsNullOrEmpty(env["CLUSTER_ID"]));
        Assert.Contains("PLAINTEXT_HOST://0.0.0.0:9092", env["KAFKA_LISTENERS"]);
        Assert.Contains("CONTROLLER://localhost:29093", env["KAFKA_LISTENERS"]);
        Assert.Contains("PLAINTEXT_HOST://localhost:19092", env["KAFKA_ADVERTISED_LISTENERS"]);
        Assert.Contains("PLAINTEXT_INTERNAL://kafka-broker:9093", env["KAFKA_ADVERTISED_LISTENERS"]);
        Assert.Equal("/var/lib/kafka/data", env["KAFKA_LOG_DIRS"]);
        Assert.Equal("1", env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"]);
    }

    [Fact(Timeout = 30_000)]
    public async Task The_connection_string_is_the_published_host_port()
    {
        var appHost = CreateBuilder("--Kafka:Mode=container");
        var kafka = appHost.AddKafka("kafka").Resource;
        Allocate(kafka.Broker!, "tcp", "localhost", 50300);

        Assert.Equal("localhost:50300", await kafka.ConnectionStringExpression.GetValueAsync(TestContext.Current.CancellationToken));
    }
}
