using System.Text.Json;

namespace KappaAspire.IntegrationTests;

/// <summary>
/// Faults on a running system of its own: an inference replica dies, the broker crashes and restarts, the trainer goes
/// away and comes back. Nothing acknowledged is lost and every reading still gets a prediction.
/// </summary>
public sealed class FaultTests(KappaSystemFixture system, ITestOutputHelper output) : IClassFixture<KappaSystemFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task When_an_inference_replica_stops_the_other_takes_over_and_every_reading_still_gets_a_prediction()
    {
        await system.TrainUntilPromotedAsync(Patience);
        Assert.Equal(2, (await system.ProcessIdsAsync("inference")).Count);

        // One replica dies mid-stream (SIGKILL, no goodbye): once its session lapses the group moves its partitions
        // to the survivor, which resumes from the last committed offsets.
        await system.KillAsync("inference", replicas: 1);
        var killed = DateTimeOffset.UtcNow;
        // Readings after the kill scored on all six partitions: the survivor holds the dead replica's partitions too.
        await system.WaitForPredictionsAsync(p => p.Timestamp > killed, "predictions after the kill", KappaSystemFixture.OnEveryPartition);

        await AssertEveryReadingIsScoredAsync();
    }

    [Fact]
    public async Task When_the_broker_crashes_and_restarts_mid_stream_clients_recover_and_no_acknowledged_reading_is_lost()
    {
        await system.TrainUntilPromotedAsync(Patience);
        var before = await ProducerStatusAsync();

        // kill -9 while readings and predictions are in flight; the clients keep retrying against the dead port for the
        // length of the outage, then find the restarted broker on the same port.
        await system.KillAsync("kafka-broker");
        await Task.Delay(Outage);
        await system.StartAsync("kafka-broker");

        // The producer resumes: more readings are acknowledged after the restart than before the crash.
        var deadline = DateTime.UtcNow + Patience;
        while ((await ProducerStatusAsync()).Acknowledged < before.Acknowledged + 1_000 && DateTime.UtcNow < deadline)
            await Task.Delay(500);
        var (readings, status) = await AssertEveryReadingIsScoredAsync();

        // Everything the broker acknowledged is in the log; a batch re-sent across the crash may appear twice, and
        // then it is reported here and deduplicable by content (sensor and timestamp).
        var distinct = readings.Select(r => (r.Message.Key, System.Text.Encoding.UTF8.GetString(r.Message.Value))).Distinct().Count();
        output.WriteLine($"producer acknowledged {status.Acknowledged}, failed {status.Failed}; log holds {readings.Count} valid readings, {readings.Count - distinct} duplicates");
        Assert.True(status.Acknowledged > before.Acknowledged + 1_000, "The producer did not recover after the broker restarted.");
        Assert.Equal(0, status.Failed); // nothing given up on across the outage, so the count below is of the same readings
        Assert.True(distinct >= status.Acknowledged, $"{status.Acknowledged} readings acknowledged but only {distinct} distinct ones in the log.");
    }

    [Fact]
    public async Task While_the_trainer_is_down_inference_keeps_serving_the_last_model_and_resubscribes_when_it_returns()
    {
        var served = await system.TrainUntilPromotedAsync(Patience);
        await system.WaitForPredictionsAsync(p => p.ModelVersion == served, $"predictions with model {served}", KappaSystemFixture.OnEveryPartition);
        await system.StopAsync("trainer");
        var down = DateTimeOffset.UtcNow;

        var whileDown = await system.WaitForPredictionsAsync(p => p.Timestamp > down.AddSeconds(2), "predictions while the trainer is down");
        Assert.All(whileDown, p => Assert.Equal(served, p.ModelVersion));

        await system.StartAsync("trainer");
        var retrained = await system.TrainAndPromoteAsync();
        Assert.NotEqual(served, retrained);

        // Both replicas (or the survivor of a killed one) reconnect and receive the new version: every partition.
        var after = await system.WaitForPredictionsAsync(p => p.ModelVersion == retrained, $"predictions with model {retrained}",
            KappaSystemFixture.OnEveryPartition);
        Assert.NotEmpty(after);
    }

    private async Task<ProducerStatus> ProducerStatusAsync()
    {
        using var status = JsonDocument.Parse(await system.Producer.GetStringAsync("/status"));
        var root = status.RootElement;
        return new ProducerStatus(root.GetProperty("acknowledged").GetInt64(), root.GetProperty("failed").GetInt64(), root.GetProperty("inFlight").GetInt64());
    }

    /// <summary>
    /// Pauses the producer and waits until every valid reading in the log has a prediction; resumes it after. Returns
    /// the readings and the producer's status once nothing is in flight (taken before the log is read).
    /// </summary>
    private async Task<(List<Confluent.Kafka.ConsumeResult<string, byte[]>> Readings, ProducerStatus Status)> AssertEveryReadingIsScoredAsync()
    {
        await system.SetProducerPausedAsync(true);
        try
        {
            var status = await ProducerStatusAsync();
            for (var settle = DateTime.UtcNow + Patience; status.InFlight > 0 && DateTime.UtcNow < settle; await Task.Delay(500))
                status = await ProducerStatusAsync();
            Assert.Equal(0, status.InFlight);
            var (readings, predictions, missing) = await system.WaitUntilEveryReadingIsScoredAsync();
            output.WriteLine($"{readings.Count} readings, {predictions.Count} predictions, {missing} readings without one");
            Assert.True(missing == 0, $"{missing} of {readings.Count} readings have no prediction after {Patience}.");
            return (readings, status);
        }
        finally
        {
            await system.SetProducerPausedAsync(false);
        }
    }

    private sealed record ProducerStatus(long Acknowledged, long Failed, long InFlight);
}
