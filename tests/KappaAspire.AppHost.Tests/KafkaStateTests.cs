using KappaAspire.AppHost.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KappaAspire.AppHost.Tests;

public sealed class KafkaStateTests
{
    [Theory]
    [InlineData("Starting", null, null, "Starting")]
    [InlineData("Running", HealthStatus.Unhealthy, null, "Starting")]
    [InlineData("Running", HealthStatus.Healthy, "Starting", "Running")]
    [InlineData("Running", HealthStatus.Unhealthy, "Running", "Running")]
    [InlineData("Exited", null, "Running", "Exited")]
    [InlineData("FailedToStart", null, "Starting", "FailedToStart")]
    public void Kafka_runs_once_its_broker_runs_and_has_passed_its_readiness_check(
        string brokerState, HealthStatus? brokerHealth, string? kafkaState, string expected)
    {
        Assert.Equal(expected, KafkaResourceLifecycle.StateFor(brokerState, brokerHealth, kafkaState));
    }
}
