using Confluent.Kafka;
using KappaAspire.AppHost.Kafka;

namespace KappaAspire.AppHost.Tests;

public sealed class KafkaConnectionStringTests
{
    [Fact]
    public void Bootstrap_servers_alone_are_a_connection_string()
    {
        var config = new ClientConfig();

        KafkaAdmin.Apply("broker-1:9092,broker-2:9092", config);

        Assert.Equal("broker-1:9092,broker-2:9092", config.BootstrapServers);
    }

    [Fact]
    public void Keyed_connection_strings_carry_SASL_settings()
    {
        var config = new ClientConfig();

        KafkaAdmin.Apply("BootstrapServers=kafka:9093;SecurityProtocol=SaslPlaintext;SaslMechanism=Plain;SaslUsername=app;SaslPassword=\"p;w=d\"", config);

        Assert.Equal("kafka:9093", config.BootstrapServers);
        Assert.Equal(SecurityProtocol.SaslPlaintext, config.SecurityProtocol);
        Assert.Equal(SaslMechanism.Plain, config.SaslMechanism);
        Assert.Equal("app", config.SaslUsername);
        Assert.Equal("p;w=d", config.SaslPassword);
    }
}
