using System.Net;
using KappaAspire.Pipeline.Grpc;
using KappaAspire.Testing;
using KappaAspire.Trainer.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Tests;

public sealed class ConfigurationTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "kappa-trainer-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task The_trainer_refuses_to_start_without_a_model_channel_token(string token)
    {
        await using var app = TrainerHost.Build(kafka, SimulatedLog.NewTopic(), _registry, out _, out _, $"--ModelChannel:Token={token}");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("ModelChannel:Token", error.Message);
    }

    [Theory]
    [InlineData("RetrainInterval", "-00:01:00")]
    [InlineData("RetrainGrowthFactor", "0.5")]
    [InlineData("RetrainMinimumNewReadings", "0")]
    [InlineData("RetrainGrowthCeiling", "0")]
    [InlineData("GrowthCheckInterval", "00:00:00")]
    [InlineData("DriftRetrainThreshold", "-0.1")]
    [InlineData("DriftRetrainThreshold", "NaN")]
    [InlineData("DriftMinimumReadings", "0")]
    [InlineData("DriftWindow", "1999")]
    [InlineData("DriftCheckInterval", "00:00:00")]
    [InlineData("DriftCooldown", "-00:00:01")]
    [InlineData("PredictionsTopic", " ")]
    public async Task Invalid_trainer_settings_stop_the_start_naming_the_key(string key, string value)
    {
        await using var app = TrainerHost.Build(kafka, SimulatedLog.NewTopic(), _registry, out _, out _, $"--Trainer:{key}={value}");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains($"Trainer:{key}", error.Message);
    }

    [Fact]
    public async Task A_grpc_port_listed_among_the_urls_is_served_once_as_http2_while_the_others_stay_http1()
    {
        var httpPort = FreePort.Next();
        var grpcPort = FreePort.Next();
        await using var app = TrainerHost.Build(kafka, SimulatedLog.NewTopic(), _registry, out _, out _,
            $"--urls=http://127.0.0.1:{httpPort};http://127.0.0.1:{grpcPort}", $"--ModelChannel:GrpcPort={grpcPort}");
        await app.StartAsync();
        try
        {
            using var http1 = new HttpClient { DefaultRequestVersion = HttpVersion.Version11, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var health = await http1.GetAsync($"http://127.0.0.1:{httpPort}/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            using var refused = await http1.GetAsync($"http://127.0.0.1:{grpcPort}/health");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode); // Kestrel: "an HTTP/1.x request was sent to an HTTP/2 only endpoint"

            using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
            var models = await new ModelDistribution.ModelDistributionClient(channel).ListModelsAsync(new ListModelsRequest(), TrainerHost.Bearer());
            Assert.Empty(models.Models);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public void Urls_come_from_urls_then_http_ports_then_the_aspnet_default()
    {
        static IConfiguration Config(params (string Key, string Value)[] values) =>
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

        Assert.Equal(["http://localhost:5000"], KestrelListenExtensions.ConfiguredUrls(Config()));
        Assert.Equal(["http://*:8080", "https://*:8443"], KestrelListenExtensions.ConfiguredUrls(Config(("HTTP_PORTS", "8080"), ("HTTPS_PORTS", "8443"))));
        Assert.Equal(["http://localhost:1", "http://+:2"], KestrelListenExtensions.ConfiguredUrls(Config(("urls", "http://localhost:1; http://+:2"), ("http_ports", "8080"))));
    }

    public void Dispose()
    {
        try { Directory.Delete(_registry, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
