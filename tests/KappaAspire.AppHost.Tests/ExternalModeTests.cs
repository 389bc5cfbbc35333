using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static KappaAspire.AppHost.Tests.ModelInspection;
using KappaAspire.Testing;

namespace KappaAspire.AppHost.Tests;

public sealed class ExternalModeTests
{
    [Fact(Timeout = 30_000)]
    public async Task The_configured_connection_string_flows_to_referencing_resources()
    {
        var appHost = CreateBuilder(
            "--Kafka:Mode=external", "--ConnectionStrings:kafka=broker-1:9092,broker-2:9092");
        var kafka = appHost.AddKafka("kafka");
        var service = appHost.AddExecutable("service", "dotnet", ".").WithReference(kafka).WaitFor(kafka);
        await using var app = appHost.Build();

        var env = await EnvironmentAsync(app, service.Resource, TestContext.Current.CancellationToken);

        Assert.Equal("broker-1:9092,broker-2:9092", env["ConnectionStrings__kafka"]);
        Assert.Null(kafka.Resource.Broker);
        Assert.Empty(appHost.Resources.OfType<ProjectResource>());
        Assert.DoesNotContain(appHost.Resources, r => r.IsContainer());
    }

    [Fact(Timeout = 30_000)]
    public async Task The_health_check_reports_unhealthy_while_no_broker_answers()
    {
        var appHost = CreateBuilder(
            "--Kafka:Mode=external", $"--ConnectionStrings:kafka=127.0.0.1:{FreePort.Next()}");
        appHost.AddKafka("kafka");
        await using var app = appHost.Build();
        var healthChecks = app.Services.GetRequiredService<HealthCheckService>();

        var report = await healthChecks.CheckHealthAsync(r => r.Name == "kafka_check", TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["kafka_check"].Status);
    }
}
