using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using KappaAspire.Producer.Apis;
using KappaAspire.Testing;
using Microsoft.Extensions.Options;

namespace KappaAspire.Producer.Tests;

/// <summary>Only the operator may change what the producer does: every POST needs its token; reading the status does not.</summary>
public sealed class OperatorTokenTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Every_control_endpoint_answers_401_with_a_bearer_challenge_without_the_operator_token_and_changes_nothing()
    {
        await using var producer = await ProducerHost.StartAsync(kafka, "Producer:SensorIdPrefix=guard-", "Producer:ReadingsPerSecond=50");
        var paths = ControlEndpoints.PostPaths(producer.App.Services);
        Assert.Equal(["/anomalies", "/pause", "/rate", "/resume"], paths);
        const string guess = "not-the-operator-token";

        foreach (var authorization in new AuthenticationHeaderValue?[] { null, new("Bearer", guess), new("Basic", ProducerHost.OperatorToken) })
        {
            var answers = await ControlEndpoints.PostEachAsync(producer.Http.BaseAddress!, paths, authorization);
            Assert.All(answers, answer => Assert.Equal((HttpStatusCode.Unauthorized, "Bearer realm=\"kappa-operator\""), answer.Value));
        }

        // Reads stay open.
        using var anonymous = new HttpClient { BaseAddress = producer.Http.BaseAddress };
        var status = (await anonymous.GetFromJsonAsync("/status", ProducerJsonContext.Default.ProducerStatus))!;
        Assert.False(status.Paused);
        Assert.Equal(50, status.ReadingsPerSecond);
        Assert.DoesNotContain(producer.Logs.Entries, e => e.Message.Contains(guess) || e.Message.Contains(ProducerHost.OperatorToken));

        // With the token the same request is served.
        using var paused = await producer.Http.PostAsync("/pause", null);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.True((await producer.StatusAsync()).Paused);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task The_producer_refuses_to_start_without_an_operator_token(string token)
    {
        await using var app = ProducerHost.Build(new LogRecorder(), ["ConnectionStrings:kafka=127.0.0.1:9", "urls=http://127.0.0.1:0", $"Operator:Token={token}"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Operator:Token", error.Message);
    }
}
