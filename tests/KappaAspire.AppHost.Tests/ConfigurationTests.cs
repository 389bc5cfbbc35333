using Aspire.Hosting;
using static KappaAspire.AppHost.Tests.ModelInspection;

namespace KappaAspire.AppHost.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public void An_unknown_mode_fails_at_model_build_time_naming_the_setting()
    {
        var appHost = CreateBuilder("--Kafka:Mode=zookeeper");

        var error = Assert.Throws<DistributedApplicationException>(() => appHost.AddKafka("kafka"));

        Assert.Contains("Kafka:Mode", error.Message);
        Assert.Contains("zookeeper", error.Message);
    }

    [Fact]
    public void External_mode_without_a_connection_string_fails_at_model_build_time_naming_the_setting()
    {
        var appHost = CreateBuilder("--Kafka:Mode=external");

        var error = Assert.Throws<DistributedApplicationException>(() => appHost.AddKafka("kafka"));

        Assert.Contains("ConnectionStrings:kafka", error.Message);
    }

    [Fact]
    public void Modes_are_case_insensitive()
    {
        var appHost = CreateBuilder("--Kafka:Mode=Container");

        Assert.Equal(KafkaMode.Container, appHost.AddKafka("kafka").Resource.Mode);
    }

    [Fact]
    public void A_malformed_port_fails_naming_the_setting()
    {
        var appHost = CreateBuilder("--Kafka:Port=ninety");

        var error = Assert.Throws<DistributedApplicationException>(() => appHost.AddKafka("kafka"));

        Assert.Contains("Kafka:Port", error.Message);
    }

    [Fact]
    public void Configuration_overrides_the_partitions_declared_in_code()
    {
        var appHost = CreateBuilder("--Kafka:Topics:orders:Partitions=12");

        var kafka = appHost.AddKafka("kafka").WithTopic("orders", partitions: 3).WithTopic("audit", partitions: 2).Resource;

        Assert.Equal([new KafkaTopic("orders", 12, 1), new KafkaTopic("audit", 2, 1)], kafka.Topics);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("..")]
    public void Illegal_topic_names_are_rejected(string name)
    {
        var appHost = CreateBuilder();

        Assert.ThrowsAny<ArgumentException>(() => appHost.AddKafka("kafka").WithTopic(name, partitions: 1));
    }
}
