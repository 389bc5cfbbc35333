using Confluent.Kafka;
using KappaAspire.ServiceDefaults.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace KappaAspire.ServiceDefaults.Tests;

/// <summary>
/// One connection string reaches a cluster the same way from every client: the registered producers and consumers, the
/// clients services build by hand, and (compiling the same file) the AppHost's health check.
/// </summary>
public sealed class KafkaConnectionStringTests
{
    private const string Sasl = "BootstrapServers=kafka-1:9093, kafka-2:9093;SecurityProtocol=SaslSsl;SaslMechanism=ScramSha256;SaslUsername=app;SaslPassword=\"p;w=d\"";

    private static void AssertSasl(ClientConfig config)
    {
        Assert.Equal("kafka-1:9093,kafka-2:9093", config.BootstrapServers);
        Assert.Equal(SecurityProtocol.SaslSsl, config.SecurityProtocol);
        Assert.Equal(SaslMechanism.ScramSha256, config.SaslMechanism);
        Assert.Equal("app", config.SaslUsername);
        Assert.Equal("p;w=d", config.SaslPassword);
    }

    private static IConfiguration Configuration(string connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:kafka", connectionString)]).Build();

    [Fact]
    public void Keyed_pairs_carry_security_and_SASL_settings()
    {
        var config = new ClientConfig();

        KafkaConnectionString.Apply(Sasl, config);

        AssertSasl(config);
    }

    [Fact]
    public void Registered_clients_read_the_SASL_settings_not_only_the_servers()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:kafka", Sasl)]);
        KafkaConsumerSettings? consumer = null;
        KafkaProducerSettings? producer = null;

        builder.AddKafkaConsumer<string, string>("kafka", s => { s.Config.GroupId = "g"; consumer = s; });
        builder.AddKafkaProducer<string, string>("kafka", s => producer = s);

        AssertSasl(consumer!.Config);
        AssertSasl(producer!.Config);
    }

    [Fact]
    public void Clients_built_by_hand_read_the_same_connection()
    {
        var config = KafkaConnection.Apply(Configuration(Sasl), new ConsumerConfig { GroupId = "by-hand" });

        AssertSasl(config);
        Assert.Equal("by-hand", config.GroupId);
    }

    [Theory]
    [InlineData("BootstrapServers=k:9092;Protocol=Sasl", "Unknown key 'Protocol'")]
    [InlineData("BootstrapServers=k:9092;SecurityProtocol=Kerberos", "SecurityProtocol=Kerberos")]
    [InlineData("BootstrapServers=k:9092;SaslMechanism=Md5", "SaslMechanism=Md5")]
    public void A_connection_string_it_cannot_read_is_refused_with_what_is_wrong(string connectionString, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => KafkaConnectionString.Apply(connectionString, new ClientConfig()));

        Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_missing_connection_says_which_setting_to_set()
    {
        var empty = new ConfigurationBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => KafkaConnection.Apply(empty, new ClientConfig()));

        Assert.Contains("ConnectionStrings:kafka", error.Message, StringComparison.Ordinal);
    }
}
