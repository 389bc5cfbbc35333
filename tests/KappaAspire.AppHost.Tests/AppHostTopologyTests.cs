using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;

namespace KappaAspire.AppHost.Tests;

/// <summary>The real AppHost's Program.cs and appsettings.json, built but not started.</summary>
public sealed class AppHostTopologyTests
{
    [Fact(Timeout = 30_000)]
    public async Task The_AppHost_declares_the_pipeline_topics_with_their_default_partitions()
    {
        await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KappaAspire_AppHost>(TestContext.Current.CancellationToken);

        var kafka = ModelInspection.Kafka(appHost);

        Assert.Equal("kafka", kafka.Name);
        Assert.Equal(KafkaMode.Embedded, kafka.Mode);
        Assert.Equal(
            [new KafkaTopic("iot_raw_data", 6, 1), new KafkaTopic("iot_predictions", 6, 1), new KafkaTopic("iot_raw_data.dlq", 1, 1), new KafkaTopic("iot_reprocessing", 1, 1)],
            kafka.Topics);
    }

    [Fact(Timeout = 30_000)]
    public async Task No_configuration_file_overrides_the_topics_so_Program_cs_is_their_one_source()
    {
        await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KappaAspire_AppHost>(TestContext.Current.CancellationToken);

        // A Kafka:Topics section in appsettings.json silently won over WithTopic: a partition count changed in code did nothing.
        Assert.False(appHost.Configuration.GetSection("Kafka:Topics").Exists());
    }

    [Fact(Timeout = 30_000)]
    public async Task An_operator_can_still_override_a_partition_count_for_one_run()
    {
        await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KappaAspire_AppHost>(
            ["--Kafka:Topics:iot_raw_data:Partitions=12"], TestContext.Current.CancellationToken);

        var rawData = ModelInspection.Kafka(appHost).Topics.Single(t => t.Name == "iot_raw_data");

        Assert.Equal(12, rawData.Partitions);
    }

    [Fact(Timeout = 30_000)]
    public async Task An_unknown_mode_stops_the_AppHost_before_it_builds_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            DistributedApplicationTestingBuilder.CreateAsync<Projects.KappaAspire_AppHost>(["--Kafka:Mode=kraft"], TestContext.Current.CancellationToken));

        Assert.Contains("Kafka:Mode", Flatten(error));
    }

    [Fact(Timeout = 30_000)]
    public async Task External_mode_without_a_connection_string_stops_the_AppHost_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            DistributedApplicationTestingBuilder.CreateAsync<Projects.KappaAspire_AppHost>(["--Kafka:Mode=external"], TestContext.Current.CancellationToken));

        Assert.Contains("ConnectionStrings:kafka", Flatten(error));
    }

    private static string Flatten(Exception error) =>
        string.Join(" | ", Enumerable.Repeat(error, 1).Concat(error is AggregateException a ? a.Flatten().InnerExceptions : [])
            .SelectMany(e => Chain(e)).Select(e => e.Message));

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Producer_and_trainer_offer_their_control_endpoints_as_dashboard_commands_confirming_what_changes_the_served_model()
    {
        await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KappaAspire_AppHost>(TestContext.Current.CancellationToken);
        var ours = new[] { "retrain", "promote", "rollback", "reprocess", "cutover", "retire", "pause", "resume", "set-rate", "inject-anomaly" };
        IReadOnlyList<ResourceCommandAnnotation> Commands(string name) => appHost.Resources.Single(r => r.Name == name)
            .Annotations.OfType<ResourceCommandAnnotation>().Where(c => ours.Contains(c.Name)).ToList();

        var trainer = Commands("trainer");
        var producer = Commands("producer");

        Assert.Equal(["retrain", "promote", "rollback", "reprocess", "cutover", "retire"], trainer.Select(c => c.Name));
        Assert.Equal(["pause", "resume", "set-rate", "inject-anomaly"], producer.Select(c => c.Name));
        Assert.All(trainer.Where(c => c.Name is "promote" or "rollback" or "cutover" or "retire"), c => Assert.False(string.IsNullOrEmpty(c.ConfirmationMessage), c.Name));
        Assert.Equal(["sensorId", "kind"], producer.Single(c => c.Name == "inject-anomaly").Arguments!.Select(a => a.Name));
        Assert.All(trainer.Concat(producer), c => Assert.False(string.IsNullOrEmpty(c.DisplayDescription), c.Name));
    }

    [Fact(Timeout = 30_000)]
    public async Task The_secrets_are_generated_secret_parameters_that_say_what_they_protect()
    {
        await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.KappaAspire_AppHost>(TestContext.Current.CancellationToken);

        var parameters = appHost.Resources.OfType<ParameterResource>().Where(p => p.Name is "model-token" or "operator-token").ToList();

        Assert.Equal(2, parameters.Count);
        Assert.All(parameters, p => Assert.True(p.Secret && !string.IsNullOrWhiteSpace(p.Description), p.Name));
    }
}
