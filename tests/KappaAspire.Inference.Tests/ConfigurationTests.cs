using KappaAspire.Inference.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Tests;

public sealed class ConfigurationTests
{
    private static readonly StreamSetup Setup = new("127.0.0.1:9", "raw", "predictions", "dlq", "inference");

    [Fact]
    public async Task Startup_fails_with_the_key_to_set_when_the_model_channel_token_is_missing()
    {
        await using var app = InferenceHost.Build(Setup, "http://127.0.0.1:1", token: null);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("ModelChannel:Token", error.Message);
    }

    [Theory]
    [InlineData("MonitorWindow", "5")]
    [InlineData("DriftMinimumReadings", "0")]
    [InlineData("DriftMinimumReadings", "20000")]
    public async Task Startup_fails_naming_a_monitoring_setting_out_of_range(string key, string value)
    {
        await using var app = InferenceHost.Build(Setup, "http://127.0.0.1:1", token: "secret", $"--Inference:{key}={value}");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains($"Inference:{key}", error.Message);
    }

    [Fact]
    public async Task Startup_fails_without_any_trainer_address()
    {
        await using var app = InferenceHost.Build(Setup, "", token: "secret");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains("services:trainer:grpc:0", error.Message);
    }

    [Fact]
    public async Task The_trainer_address_comes_from_service_discovery_unless_set_explicitly()
    {
        await using var discovered = InferenceHost.Build(Setup, "http://trainer:8081", token: "secret");
        await using var configured = InferenceHost.Build(Setup, "http://trainer:8081", token: "secret", "--ModelChannel:Address=http://models:5000");

        Assert.Equal("http://trainer:8081", discovered.Services.GetRequiredService<IOptions<ModelChannelClientOptions>>().Value.Address);
        Assert.Equal("http://models:5000", configured.Services.GetRequiredService<IOptions<ModelChannelClientOptions>>().Value.Address);
    }
}
