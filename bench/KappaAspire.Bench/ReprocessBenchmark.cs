using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KappaAspire.Pipeline.Catalog;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Bench;

/// <summary>
/// A Kappa reprocessing run through the product, as an operator starts one: N simulated readings in the log, then the
/// whole pipeline and the reprocessor as their own processes with live traffic at 5,000 readings/s, then
/// <c>POST /reprocessing {"model": the promoted version}</c>. Reports how fast the run's group works through the log
/// (from its committed offsets, read from outside) until it has caught up with the live readings.
/// </summary>
internal static class ReprocessBenchmark
{
    private const int LiveRate = 5_000;
    private const string InferenceGroup = "inference";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var replicas = options.Replicas ?? 1; // the AppHost's one reprocessor
        Console.WriteLine(Inv($"Reprocessing benchmark: {options.Messages:N0} readings in the log, live traffic at {LiveRate:N0} readings/s, {replicas} reprocessor replicas, {Environment.ProcessorCount} cores"));
        using var cancellation = new CancellationTokenSource(Timeout);
        var token = cancellation.Token;
        var seedRate = 0.0;
        using var pipeline = await PipelineProcesses.StartAsync(
            replicas: 2, LiveRate, traceRatio: null, token, seed: bootstrap => seedRate = SimulatedLog.Write(bootstrap, options.Messages), reprocessors: replicas);
        Console.WriteLine(Inv($"  wrote {options.Messages:N0} readings at {seedRate:N0}/s; services started"));

        using var http = new HttpClient { BaseAddress = new Uri(pipeline.TrainerUrl) };
        var model = await Until(async () => (await http.GetFromJsonAsync<ModelList>("/models", token))?.Promoted, token);
        // Live inference first works through the log it found; the run is measured while live inference only keeps pace.
        using (var live = new ConsumerLag(pipeline.Bootstrap, InferenceGroup, Topics.RawData, PipelineProcesses.Partitions))
        {
            await Until(() => Task.FromResult(live.Lag() < LiveRate ? "" : null), token);
        }

        var started = Stopwatch.StartNew();
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/reprocessing") { Content = JsonContent.Create(new { model }) })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", pipeline.OperatorToken);
            using var response = await http.SendAsync(request, token);
            if (response.StatusCode != HttpStatusCode.Accepted)
                throw new InvalidOperationException($"POST /reprocessing answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
        }

        var group = await Until(async () => RunGroup(await http.GetFromJsonAsync<JsonElement>("/reprocessing", token), model), token);
        var samples = await SampleUntilCaughtUpAsync(pipeline.Bootstrap, group, started, token);
        var exited = pipeline.Exited().ToList();
        if (exited.Count > 0) throw new InvalidOperationException($"Processes exited during the run: {string.Join(", ", exited)}");

        var table = Report(options.Messages, model, replicas, samples);
        Console.WriteLine(table);
        if (options.Record) BenchRecord.Record("Reprocessing", Inv($"reprocess --messages {options.Messages} --replicas {replicas}"), table);
        return 0;
    }

    /// <summary>One look at the run's group: seconds since the request, readings scored and committed, readings left.</summary>
    private readonly record struct Sample(double Seconds, long Scored, long Lag);

    private static async Task<List<Sample>> SampleUntilCaughtUpAsync(string bootstrap, string group, Stopwatch started, CancellationToken token)
    {
        using var run = new ConsumerLag(bootstrap, group, Topics.RawData, PipelineProcesses.Partitions);
        var samples = new List<Sample>();
        while (true)
        {
            var lag = run.Lag();
            var sample = new Sample(started.Elapsed.TotalSeconds, run.Written() - lag, lag);
            samples.Add(sample);
            // Caught up: at most a second of live input behind, after it has scored something.
            if (sample.Scored > 0 && lag <= LiveRate) return samples;
            await Task.Delay(SampleInterval, token);
        }
    }

    private static string Report(int logReadings, string model, int replicas, List<Sample> samples)
    {
        var last = samples[^1];
        var first = samples.First(s => s.Scored > 0);
        // The steady rate: between the first commit and catching up, so the start (the reprocessor picking up the run,
        // downloading the model, joining its group) is left out; the whole run includes it.
        var steady = (last.Scored - first.Scored) / Math.Max(1e-9, last.Seconds - first.Seconds);
        return new StringBuilder()
            .AppendLine("| measure | result |")
            .AppendLine("|---|---|")
            .AppendLine(Inv($"| log at the start of the run | {logReadings:N0} readings, live traffic {LiveRate:N0} readings/s continuing |"))
            .AppendLine(Inv($"| model, reprocessor replicas | {model}, {replicas} |"))
            .AppendLine(Inv($"| request → first commit of the run | {first.Seconds:F1} s |"))
            .AppendLine(Inv($"| request → caught up (≤ 1 s of live input behind) | {last.Seconds:F1} s, {last.Scored:N0} readings scored |"))
            .AppendLine(Inv($"| reprocessing rate, first commit → caught up | **{steady:N0} readings/s** |"))
            .AppendLine(Inv($"| reprocessing rate, whole run from the request | {last.Scored / last.Seconds:N0} readings/s |"))
            .ToString();
    }

    private static string? RunGroup(JsonElement overview, string model) =>
        overview.GetProperty("runs").EnumerateArray()
            .Where(r => r.GetProperty("model").GetString() == model)
            .Select(r => r.GetProperty("consumerGroup").GetString())
            .FirstOrDefault();

    private static async Task<T> Until<T>(Func<Task<T?>> probe, CancellationToken token) where T : class
    {
        while (true)
        {
            token.ThrowIfCancellationRequested();
            try
            {
                if (await probe() is { } value) return value;
            }
            catch (HttpRequestException)
            {
                // Not serving yet: try again.
            }
            await Task.Delay(500, token);
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
