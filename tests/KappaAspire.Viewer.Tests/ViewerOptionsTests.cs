using KappaAspire.Testing;
using Microsoft.Extensions.Options;

namespace KappaAspire.Viewer.Tests;

public sealed class ViewerOptionsTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    private static readonly ViewerOptionsValidator Validator = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(Validator.Validate(null, new ViewerOptions()).Succeeded);
    }

    [Fact]
    public void A_value_out_of_its_range_fails_naming_the_setting()
    {
        var result = Validator.Validate(null, new ViewerOptions { PointsPerSensor = 2, UpdateInterval = TimeSpan.FromMinutes(1) });

        Assert.True(result.Failed);
        Assert.Contains(nameof(ViewerOptions.PointsPerSensor), result.FailureMessage);
        Assert.Contains(nameof(ViewerOptions.UpdateInterval), result.FailureMessage);
    }

    [Theory]
    [InlineData("ftp://trainer")]
    [InlineData("trainer:8080")]
    public void A_trainer_url_that_is_not_an_absolute_http_address_fails(string url)
    {
        var result = Validator.Validate(null, new ViewerOptions { TrainerUrl = url });

        Assert.True(result.Failed);
        Assert.Contains("Viewer:TrainerUrl", result.FailureMessage);
    }

    [Fact]
    public void An_empty_trainer_url_disables_the_catalog_and_is_valid()
    {
        Assert.True(Validator.Validate(null, new ViewerOptions { TrainerUrl = "" }).Succeeded);
    }

    [Fact]
    public async Task The_viewer_does_not_start_with_invalid_settings()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ViewerHost.StartAsync(kafka.BootstrapServers, "--Viewer:RecentAnomalies=0"));

        Assert.Contains(nameof(ViewerOptions.RecentAnomalies), error.Message);
    }
}
