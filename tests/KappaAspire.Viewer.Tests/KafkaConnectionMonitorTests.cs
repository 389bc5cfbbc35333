using Confluent.Kafka;
using KappaAspire.Viewer.Kafka;
using KappaAspire.Viewer.View;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KappaAspire.Viewer.Tests;

/// <summary>How librdkafka's callbacks and silence turn into the page's connection status.</summary>
public sealed class KafkaConnectionMonitorTests
{
    private const string OneBrokerUp = """
        { "name": "rdkafka#consumer-1", "brokers": {
            "127.0.0.1:9092/bootstrap": { "name": "127.0.0.1:9092/bootstrap", "nodeid": -1, "source": "configured", "state": "INIT" },
            "127.0.0.1:9092/1": { "name": "127.0.0.1:9092/1", "nodeid": 1, "source": "learned", "state": "UP" },
            "GroupCoordinator": { "name": "GroupCoordinator", "nodeid": 1, "source": "logical", "state": "UP" },
            ":0/internal": { "name": ":0/internal", "nodeid": -1, "source": "internal", "state": "UP" } } }
        """;

    private const string AllDown = """
        { "brokers": {
            "127.0.0.1:9092/bootstrap": { "nodeid": -1, "source": "configured", "state": "DOWN" },
            "127.0.0.1:9092/1": { "nodeid": 1, "source": "learned", "state": "CONNECT" },
            ":0/internal": { "nodeid": -1, "source": "internal", "state": "UP" } } }
        """;

    private readonly ManualTime _time = new();

    private KafkaConnectionMonitor NewMonitor() => new(_time,
        Options.Create(new ViewerOptions { StaleAfter = TimeSpan.FromSeconds(15) }), NullLogger<KafkaConnectionMonitor>.Instance);

    [Fact]
    public void Only_real_brokers_count_internal_and_logical_ones_do_not()
    {
        Assert.Equal((2, 1), KafkaConnectionMonitor.CountBrokers(OneBrokerUp));
        Assert.Equal((2, 0), KafkaConnectionMonitor.CountBrokers(AllDown));
    }

    [Fact]
    public void Connecting_then_live_then_reconnecting_on_transport_errors_then_live_again()
    {
        var monitor = NewMonitor();
        Assert.Equal(ConnectionStatus.Connecting, monitor.Current.State);

        monitor.OnStatistics(AllDown);
        Assert.Equal(ConnectionStatus.Connecting, monitor.Current.State); // never connected: still connecting

        monitor.OnStatistics(OneBrokerUp);
        Assert.Equal(ConnectionStatus.Live, monitor.Current.State);
        var version = monitor.Version;

        monitor.OnError(new Error(ErrorCode.Local_AllBrokersDown, "1/1 brokers are down"));
        Assert.Equal((ConnectionStatus.Reconnecting, "1/1 brokers are down"), (monitor.Current.State, monitor.Current.Detail));
        Assert.True(monitor.Version > version);

        monitor.OnRecord();
        Assert.Equal(ConnectionStatus.Live, monitor.Current.State);
    }

    [Fact]
    public void Errors_that_are_not_about_connectivity_do_not_change_the_status()
    {
        var monitor = NewMonitor();
        monitor.OnStatistics(OneBrokerUp);

        monitor.OnError(new Error(ErrorCode.UnknownTopicOrPart, "Subscribed topic not available"));

        Assert.Equal(ConnectionStatus.Live, monitor.Current.State);
    }

    [Fact]
    public void Silence_longer_than_stale_after_means_reconnecting()
    {
        var monitor = NewMonitor();
        monitor.OnStatistics(OneBrokerUp);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(ConnectionStatus.Live, monitor.Current.State);

        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(ConnectionStatus.Reconnecting, monitor.Current.State);
        Assert.Contains("no word from Kafka", monitor.Current.Detail);

        monitor.OnStatistics(OneBrokerUp);
        Assert.Equal(ConnectionStatus.Live, monitor.Current.State);
    }
}
