using System.Net;
using System.Net.Http.Headers;
using KappaAspire.Testing;
using KappaAspire.Trainer.Registry;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Tests;

/// <summary>
/// Only the operator may train, promote, roll back or reprocess: every POST needs the operator token (the model
/// channel's token is not it); reading models, training and reprocessing state does not.
/// </summary>
public sealed class OperatorTokenTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "kappa-trainer-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Every_control_endpoint_answers_401_with_a_bearer_challenge_without_the_operator_token_and_changes_nothing()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 4, readingsPerSensor: 150);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry);
        // gRPC methods are POSTs too; the model channel's own token guards them (ModelChannelTests).
        var paths = ControlEndpoints.PostPaths(host.App.Services).Where(path => !path.StartsWith("/kappa.models.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/models/rollback", "/models/v0001/promote", "/reprocessing", "/reprocessing/v0001/cutover", "/reprocessing/v0001/retire", "/train"], paths);

        foreach (var authorization in new AuthenticationHeaderValue?[] { null, new("Bearer", TrainerHost.Token), new("Bearer", "") })
        {
            var answers = await ControlEndpoints.PostEachAsync(host.Http.BaseAddress!, paths, authorization);
            Assert.All(answers, answer => Assert.Equal((HttpStatusCode.Unauthorized, "Bearer realm=\"kappa-operator\""), answer.Value));
        }

        // Nothing ran, and reads stay open.
        using var anonymous = new HttpClient { BaseAddress = host.Http.BaseAddress };
        foreach (var read in new[] { "/training", "/models", "/reprocessing" })
        {
            using var response = await anonymous.GetAsync(read);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {read}: {(int)response.StatusCode}");
        }

        var overview = await host.TrainingAsync();
        Assert.Null(overview.Current);
        Assert.Null(overview.Last);
        Assert.Empty(host.Service<ModelRegistry>().List().Models);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task The_trainer_refuses_to_start_without_an_operator_token(string token)
    {
        await using var app = TrainerHost.Build(kafka, SimulatedLog.NewTopic(), _registry, out _, out _, $"--Operator:Token={token}");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Operator:Token", error.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_registry, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
