using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace KappaAspire.Bench;

/// <summary>The producer service's HTTP control surface: <c>GET /status</c>, <c>POST /rate</c>, <c>/pause</c>, <c>/resume</c>.</summary>
/// <param name="operatorToken">The producer's <c>Operator:Token</c>, which every POST carries.</param>
internal sealed class ProducerClient(string baseUrl, string operatorToken) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromSeconds(10),
        DefaultRequestHeaders = { Authorization = new("Bearer", operatorToken) },
    };

    /// <summary>The counters that matter here, from <c>GET /status</c>.</summary>
    public readonly record struct Status(long Acknowledged, long Failed, long InFlight, double TargetRate, bool Paused);

    public async Task<Status> StatusAsync(CancellationToken cancellationToken) =>
        Parse(await _http.GetStringAsync("/status", cancellationToken));

    public async Task SetRateAsync(double readingsPerSecond, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("/rate", new { readingsPerSecond }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"POST /rate {readingsPerSecond} answered {(int)response.StatusCode}: {problem}"));
        }
    }

    public Task PauseAsync(CancellationToken cancellationToken) => PostAsync("/pause", cancellationToken);

    public Task ResumeAsync(CancellationToken cancellationToken) => PostAsync("/resume", cancellationToken);

    private async Task PostAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync(path, null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static Status Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new Status(
            root.GetProperty("acknowledged").GetInt64(),
            root.GetProperty("failed").GetInt64(),
            root.GetProperty("inFlight").GetInt64(),
            root.TryGetProperty("readingsPerSecond", out var rate) && rate.ValueKind == JsonValueKind.Number ? rate.GetDouble() : double.NaN,
            root.GetProperty("paused").GetBoolean());
    }

    public void Dispose() => _http.Dispose();
}
