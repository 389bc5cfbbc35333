using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Testing;

namespace KappaAspire.Bench;

/// <summary>
/// The trainer's replay through the real broker: N simulated readings in <c>iot_raw_data</c> written as the producer
/// writes them, then the trainer as its own process. Its start-up run (cold: JIT, empty page cache aside) and a
/// <c>POST /train</c> run (warm) each report their replay: consume, parse, validate and features, up to the
/// watermarks taken when the run starts.
/// </summary>
internal static class ReplayBenchmark
{
    private const int Partitions = 6;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        Console.WriteLine($"Replay benchmark: {options.Messages:N0} simulated readings, {Environment.ProcessorCount} cores");
        using var broker = await BrokerProcess.StartAsync();
        await KafkaLoad.EnsureTopicAsync(broker.Bootstrap, Topics.RawData, Partitions);
        var produceRate = SimulatedLog.Write(broker.Bootstrap, options.Messages);
        Console.WriteLine($"  wrote {options.Messages:N0} readings at {produceRate:N0}/s");

        var operatorToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var registry = ServiceProcess.NewTempDirectory("trainer");
        using var trainer = ServiceProcess.Start("trainer", "KappaAspire.Trainer", new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = url,
            ["ConnectionStrings__kafka"] = broker.Bootstrap,
            ["ModelChannel__Token"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)),
            ["ModelChannel__GrpcPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Operator__Token"] = operatorToken,
            ["Trainer__RegistryPath"] = registry,
            // Only the two measured runs: no schedule, growth or drift run in between.
            ["Trainer__RetrainInterval"] = "00:00:00",
            ["Trainer__RetrainGrowthFactor"] = "0",
        }, tempDir: registry);
        await trainer.WaitUntilHealthyAsync(url + "/alive", TimeSpan.FromSeconds(90), CancellationToken.None);

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = RunTimeout };
        var cold = await WaitForStartupRunAsync(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/train?wait=true");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var warm = await response.Content.ReadFromJsonAsync<JsonElement>();

        var table = new StringBuilder()
            .AppendLine("| run | records replayed | replay s | readings/s (consume, parse, features) | training s |")
            .AppendLine("|---|---|---|---|---|")
            .AppendLine(Row("start-up (cold)", cold))
            .AppendLine(Row("POST /train (warm)", warm))
            .ToString();
        Console.WriteLine(table);
        if (options.Record) BenchRecord.Record("Replay", "replay", table);
        return 0;
    }

    private static async Task<JsonElement> WaitForStartupRunAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var overview = await http.GetFromJsonAsync<JsonElement>("/training");
            if (overview.TryGetProperty("last", out var last) && last.ValueKind == JsonValueKind.Object) return last;
            await Task.Delay(500);
        }
        throw new TimeoutException("The trainer's start-up run did not complete.");
    }

    private static string Row(string name, JsonElement run)
    {
        if (!run.TryGetProperty("replay", out var replay) || replay.ValueKind != JsonValueKind.Object)
            throw new InvalidOperationException($"The {name} run has no replay: {run}");
        var training = run.TryGetProperty("training", out var t) && t.ValueKind == JsonValueKind.Object
            ? t.GetProperty("durationSeconds").GetDouble().ToString("F1", CultureInfo.InvariantCulture)
            : "—";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {replay.GetProperty("records").GetInt64():N0} | {replay.GetProperty("durationSeconds").GetDouble():F2} | {replay.GetProperty("readingsPerSecond").GetDouble():N0} | {training} |");
    }
}
