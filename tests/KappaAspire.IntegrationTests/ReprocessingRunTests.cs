using System.Net;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.IntegrationTests;

/// <summary>
/// Kappa reprocessing runs with the AppHost running: <c>POST /reprocessing</c> alone gets the reprocessor scoring the log
/// from offset 0 with the chosen model into its versioned topic; <c>GET /reprocessing</c> shows it catch up; cut-over makes
/// it the current output (the viewer follows, live inference stands by); retiring it hands the output back to live
/// inference, which scores the readings it stood by for.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ReprocessingRunTests(KappaSystemFixture system, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_requested_run_scores_every_reading_once_from_offset_zero_with_its_model_reports_progress_and_is_cut_over_to()
    {
        var model = await system.TrainUntilPromotedAsync(TimeSpan.FromMinutes(2));
        var topic = $"iot_predictions.{model}";

        using var accepted = await system.Trainer.PostAsync("/reprocessing", new StringContent($"{{\"model\":\"{model}\"}}", Encoding.UTF8, "application/json"));
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        using (var refused = await system.Trainer.PostAsync("/reprocessing", new StringContent("{\"model\":\"v9999\"}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        // Live readings keep arriving: the run catches up with them, with progress on the way.
        var caughtUp = await WaitForRunAsync(model, run => run.GetProperty("progress").GetProperty("caughtUp").GetBoolean());
        var progress = caughtUp.GetProperty("progress");
        output.WriteLine(caughtUp.ToString());
        Assert.Equal(6, progress.GetProperty("partitions").GetArrayLength());
        Assert.True(progress.GetProperty("scored").GetInt64() > 0);
        Assert.Equal("running", caughtUp.GetProperty("state").GetString());

        await system.SetProducerPausedAsync(true);
        try
        {
            // Once everything in the log is committed by the run's group, its topic holds one prediction per valid reading.
            await WaitForRunAsync(model, run => run.GetProperty("progress").GetProperty("totalLag").GetInt64() == 0);
            var readings = TopicReader.ReadAll(system.KafkaBootstrap, Topics.RawData, TimeSpan.FromSeconds(30))
                .Where(r => ReadingParser.TryParse(r.Message.Value, RecordTime(r.Message.Timestamp), out _, out _))
                .Select(r => (r.Partition.Value, r.Offset.Value))
                .ToList();
            var predictions = TopicReader.ReadAll(system.KafkaBootstrap, topic, TimeSpan.FromSeconds(30))
                .Select(r => JsonSerializer.Deserialize(r.Message.Value, PipelineJsonContext.Default.Prediction)!)
                .ToList();
            output.WriteLine($"{readings.Count} valid readings, {predictions.Count} predictions in {topic}");

            Assert.Equal(readings.Order(), predictions.Select(p => (p.SourcePartition, p.SourceOffset)).Order());
            Assert.All(predictions, p => Assert.Equal(model, p.ModelVersion));
            Assert.All(Enumerable.Range(0, 6), partition => Assert.Contains(predictions, p => p.SourcePartition == partition && p.SourceOffset == readings.Where(r => r.Item1 == partition).Min(r => r.Item2)));
            Assert.Contains(predictions, p => p.SourceOffset == 0);
        }
        finally
        {
            await system.SetProducerPausedAsync(false);
        }

        using var cutOver = await system.Trainer.PostAsync($"/reprocessing/{model}/cutover", null);
        Assert.True(cutOver.StatusCode == HttpStatusCode.OK, await cutOver.Content.ReadAsStringAsync());
        using var overview = JsonDocument.Parse(await system.Trainer.GetStringAsync("/reprocessing"));
        Assert.Equal(topic, overview.RootElement.GetProperty("currentTopic").GetString());
        Assert.Equal("current", overview.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("model").GetString() == model).GetProperty("state").GetString());

        try
        {
            // The viewer follows the cut-over from the control log, without a restart; live inference stands by.
            await WaitForViewerTopicAsync(topic);
            await WaitForLiveInferenceToStandByAsync();
        }
        finally
        {
            // Retiring the current run hands the output back to iot_predictions, as the other tests of the system expect.
            using var retired = await system.Trainer.PostAsync($"/reprocessing/{model}/retire", null);
            Assert.True(retired.StatusCode == HttpStatusCode.OK, await retired.Content.ReadAsStringAsync());
            await WaitForViewerTopicAsync(Topics.Predictions);
        }

        // Live inference took the output back and scored what arrived while it stood by: iot_predictions has no gap.
        await system.SetProducerPausedAsync(true);
        try
        {
            var (readings, _, missing) = await system.WaitUntilEveryReadingIsScoredAsync();
            Assert.True(missing == 0, $"{missing} of {readings.Count} readings have no prediction in {Topics.Predictions} after the rollback");
        }
        finally
        {
            await system.SetProducerPausedAsync(false);
        }
    }

    // While the run is the output, iot_predictions stops growing although readings keep arriving.
    private async Task WaitForLiveInferenceToStandByAsync()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var (readings, predictions) = (TopicReader.EndOffsetTotal(system.KafkaBootstrap, Topics.RawData), TopicReader.EndOffsetTotal(system.KafkaBootstrap, Topics.Predictions));
            await Task.Delay(TimeSpan.FromSeconds(3));
            var (readingsLater, predictionsLater) = (TopicReader.EndOffsetTotal(system.KafkaBootstrap, Topics.RawData), TopicReader.EndOffsetTotal(system.KafkaBootstrap, Topics.Predictions));
            output.WriteLine($"readings +{readingsLater - readings}, live predictions +{predictionsLater - predictions} in 3 s");
            if (readingsLater > readings && predictionsLater == predictions) return;
        }

        Assert.Fail($"Live inference kept writing {Topics.Predictions} {Patience} after the cut-over.");
    }

    private async Task WaitForViewerTopicAsync(string topic)
    {
        var deadline = DateTime.UtcNow + Patience;
        string? shown = null;
        while (DateTime.UtcNow < deadline)
        {
            using var snapshot = JsonDocument.Parse(await system.Viewer.GetStringAsync("/api/snapshot"));
            shown = snapshot.RootElement.TryGetProperty("topic", out var t) ? t.GetString() : null;
            if (shown == topic) return;
            await Task.Delay(500);
        }

        Assert.Fail($"The viewer shows {shown}, not {topic}, {Patience} after the switch.");
    }

    private async Task<JsonElement> WaitForRunAsync(string model, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await system.Trainer.GetStringAsync("/reprocessing");
            using var overview = JsonDocument.Parse(last);
            var run = overview.RootElement.GetProperty("runs").EnumerateArray().SingleOrDefault(r => r.GetProperty("model").GetString() == model);
            if (run.ValueKind == JsonValueKind.Object && run.TryGetProperty("progress", out var progress) && progress.ValueKind == JsonValueKind.Object && condition(run)) return run.Clone();
            await Task.Delay(1000);
        }

        Assert.Fail($"The run of {model} did not get there within {Patience}; last GET /reprocessing: {last}");
        return default;
    }

    // Inference judges a reading against its record's timestamp; so does the count of what it should have scored.
    private static DateTimeOffset? RecordTime(Timestamp timestamp) =>
        timestamp.Type == TimestampType.NotAvailable ? null : DateTimeOffset.FromUnixTimeMilliseconds(timestamp.UnixTimestampMs);
}
