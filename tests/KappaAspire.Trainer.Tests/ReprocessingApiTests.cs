using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Testing;
using KappaAspire.Trainer.Api;

namespace KappaAspire.Trainer.Tests;

/// <summary>
/// The trainer as the control plane of reprocessing runs, over HTTP against a real broker. The scoring itself is the
/// reprocessor's (the system tests run it); here the run group's offsets are committed as a run would commit them.
/// </summary>
public sealed class ReprocessingApiTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "kappa-trainer-tests", Guid.NewGuid().ToString("N"));
    private readonly string _control = $"control-{Guid.NewGuid():N}";

    [Fact]
    public async Task Bad_requests_are_refused_with_a_message_and_record_nothing()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 2, readingsPerSensor: 10);
        await using var host = await StartAsync(topic);

        await AssertProblemAsync(host, "{\"model\":", HttpStatusCode.BadRequest, "must be JSON like {\"model\":\"v0007\"}");
        await AssertProblemAsync(host, "{}", HttpStatusCode.BadRequest, "must name the model");
        await AssertProblemAsync(host, "{\"model\":\"  \"}", HttpStatusCode.BadRequest, "must name the model");
        await AssertProblemAsync(host, "{\"model\":\"v0042\"}", HttpStatusCode.NotFound, "Model v0042 is not in the registry");
        await AssertStatusAsync(host, "/reprocessing/v0042/cutover", HttpStatusCode.NotFound);

        var overview = await OverviewAsync(host);
        Assert.Empty(overview.Runs);
        Assert.Equal("iot_predictions", overview.CurrentTopic);
    }

    [Fact]
    public async Task A_run_gets_its_topic_and_group_reports_progress_is_cut_over_once_caught_up_and_survives_a_restart()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 500);
        var source = SimulatedLog.Watermarks(kafka, topic);
        await using (var host = await StartAsync(topic))
        {
            var version = (await host.TrainAsync()).Version!;

            using var accepted = await PostAsync(host, $"{{\"model\":\"{version}\"}}");
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var run = (await accepted.Content.ReadFromJsonAsync(TrainerJsonContext.Default.ReprocessingRunStatus))!;
            Assert.Equal((version, $"iot_predictions.{version}", $"reprocessing.{version}", ReprocessingState.Requested), (run.Model, run.OutputTopic, run.ConsumerGroup, run.State));

            // The output topic has the source's partitions; the decision is in the control log.
            Assert.Equal(source.Count, SimulatedLog.Watermarks(kafka, run.OutputTopic).Count);
            var record = JsonSerializer.Deserialize(Assert.Single(ControlLog()), PipelineJsonContext.Default.ReprocessingRun)!;
            Assert.Equal((version, ReprocessingState.Requested), (record.Model, record.State));

            await AssertProblemAsync(host, $"{{\"model\":\"{version}\"}}", HttpStatusCode.Conflict, "already has a run");

            // Not scored yet: it lags by the whole log and cannot be cut over to.
            var waiting = await WaitForRunAsync(host, version, r => r.Progress is not null);
            Assert.Equal(source.Sum(w => w.High - w.Low), waiting.Progress!.TotalLag);
            Assert.False(waiting.Progress.CaughtUp);
            await AssertStatusAsync(host, $"/reprocessing/{version}/cutover", HttpStatusCode.Conflict);

            // The run's group commits half, then everything: running, then caught up.
            Commit(run.ConsumerGroup, topic, source.Select(w => (w.Partition, w.Low + (w.High - w.Low) / 2)));
            var half = await WaitForRunAsync(host, version, r => r.State == ReprocessingState.Running && r.Progress!.Scored > 0);
            Assert.Equal(source.Sum(w => w.High - (w.Low + (w.High - w.Low) / 2)), half.Progress!.TotalLag);
            Assert.False(half.Progress.CaughtUp);
            Commit(run.ConsumerGroup, topic, source.Select(w => (w.Partition, w.High)));
            var caughtUp = await WaitForRunAsync(host, version, r => r.Progress!.CaughtUp);
            Assert.Equal((0L, source.Sum(w => w.High - w.Low)), (caughtUp.Progress!.TotalLag, caughtUp.Progress.Scored));

            await AssertStatusAsync(host, $"/reprocessing/{version}/cutover", HttpStatusCode.OK);
            var overview = await OverviewAsync(host);
            Assert.Equal((run.OutputTopic, version, ReprocessingState.Current), (overview.CurrentTopic, overview.Current, overview.Runs.Single().State));
            await AssertStatusAsync(host, $"/reprocessing/{version}/cutover", HttpStatusCode.Conflict);
        }

        // A new trainer process reads the same state back from the control log.
        await using (var restarted = await StartAsync(topic))
        {
            var overview = await OverviewAsync(restarted);
            var run = Assert.Single(overview.Runs);
            Assert.Equal(("iot_predictions.v0001", ReprocessingState.Current), (overview.CurrentTopic, run.State));
            Assert.Equal(["requested", "running", "current"], ControlLog().Select(v => JsonDocument.Parse(v).RootElement.GetProperty("state").GetString()));
        }
    }

    [Fact]
    public async Task A_retired_run_stops_being_current_and_its_topic_and_group_are_deleted_after_the_grace_period()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 20, readingsPerSensor: 500);
        await using var host = await StartAsync(topic, "--Trainer:Reprocessing:RetiredTopicGracePeriod=00:00:01");
        var version = (await host.TrainAsync()).Version!;
        (await PostAsync(host, $"{{\"model\":\"{version}\"}}")).EnsureSuccessStatusCode();
        var output = $"iot_predictions.{version}";
        Assert.Contains(output, Topics());
        var group = $"reprocessing.{version}";
        Commit(group, topic, [(0, 1)]);

        await AssertStatusAsync(host, $"/reprocessing/{version}/retire", HttpStatusCode.OK);
        await AssertStatusAsync(host, $"/reprocessing/{version}/retire", HttpStatusCode.Conflict);
        var retired = await WaitForRunAsync(host, version, r => r.TopicDeletedAt is not null);

        Assert.Equal(ReprocessingState.Retired, retired.State);
        Assert.True(retired.TopicDeletedAt >= retired.RetiredAt!.Value.AddSeconds(1));
        Assert.DoesNotContain(output, Topics());
        using var admin = kafka.Admin();
        Assert.DoesNotContain((await admin.ListConsumerGroupsAsync()).Valid, g => g.GroupId == group);
        await AssertProblemAsync(host, $"{{\"model\":\"{version}\"}}", HttpStatusCode.Conflict, "a model is reprocessed once");
    }

    private Task<TrainerHost> StartAsync(string topic, params string[] args) =>
        TrainerHost.StartAsync(kafka, topic, _registry, [$"--Trainer:Reprocessing:ControlTopic={_control}", "--Trainer:Reprocessing:ProgressInterval=00:00:00.200", .. args]);

    private static Task<HttpResponseMessage> PostAsync(TrainerHost host, string body) =>
        host.Http.PostAsync("/reprocessing", new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task AssertProblemAsync(TrainerHost host, string body, HttpStatusCode status, string message)
    {
        using var response = await PostAsync(host, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {text}");
        Assert.Contains(message, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString());
    }

    private static async Task AssertStatusAsync(TrainerHost host, string path, HttpStatusCode status)
    {
        using var response = await host.Http.PostAsync(path, null);
        Assert.True(response.StatusCode == status, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<ReprocessingOverview> OverviewAsync(TrainerHost host) =>
        (await host.Http.GetFromJsonAsync("/reprocessing", TrainerJsonContext.Default.ReprocessingOverview))!;

    private static async Task<ReprocessingRunStatus> WaitForRunAsync(TrainerHost host, string model, Func<ReprocessingRunStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        ReprocessingRunStatus? run = null;
        while (DateTime.UtcNow < deadline)
        {
            run = (await OverviewAsync(host)).Runs.SingleOrDefault(r => r.Model == model);
            if (run is not null && condition(run)) return run;
            await Task.Delay(100);
        }

        Assert.Fail($"The run of {model} did not get there within 30 s: {JsonSerializer.Serialize(run, TrainerJsonContext.Default.ReprocessingRunStatus!)}");
        return run!;
    }

    private void Commit(string group, string topic, IEnumerable<(int Partition, long Offset)> offsets)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(kafka.ConsumerConfig(group)).Build();
        consumer.Commit(offsets.Select(o => new TopicPartitionOffset(topic, o.Partition, o.Offset)));
    }

    private List<byte[]> ControlLog()
    {
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(kafka.ConsumerConfig($"probe-{Guid.NewGuid():N}")).Build();
        var end = consumer.QueryWatermarkOffsets(new TopicPartition(_control, 0), TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(_control, 0, Offset.Beginning));
        var values = new List<byte[]>();
        while (values.Count < end)
        {
            var result = consumer.Consume(TimeSpan.FromSeconds(10)) ?? throw new TimeoutException($"Read {values.Count} of {end} control records.");
            values.Add(result.Message.Value);
        }

        return values;
    }

    private List<string> Topics()
    {
        using var admin = kafka.Admin();
        return [.. admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Where(t => !t.Error.IsError).Select(t => t.Topic)];
    }

    public void Dispose()
    {
        if (Directory.Exists(_registry)) Directory.Delete(_registry, recursive: true);
    }
}
