using Aspire.Hosting.ApplicationModel;
using KappaAspire.Pipeline.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace KappaAspire.IntegrationTests;

/// <summary>Faults on a running system: an inference replica stops mid-stream. Nothing acknowledged goes unscored.</summary>
public sealed class FaultTests(KappaSystemFixture system, ITestOutputHelper output) : IClassFixture<KappaSystemFixture>
{
    [Fact]
    public async Task When_an_inference_replica_stops_the_other_takes_over_and_every_reading_still_gets_a_prediction()
    {
        await system.TrainUntilPromotedAsync(TimeSpan.FromMinutes(2));
        var replicas = await ReplicaProcessIdsAsync("inference");
        Assert.Equal(2, replicas.Count);

        // One replica dies mid-stream (SIGKILL, no goodbye): once its session lapses the group moves its partitions
        // to the survivor, which resumes from the last committed offsets.
        using (var victim = System.Diagnostics.Process.GetProcessById(replicas[0]))
        {
            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(10));

        await system.SetProducerPausedAsync(true);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        int missing;
        do
        {
            var readings = TopicReader.ReadAll(system.KafkaBootstrap, Topics.RawData, TimeSpan.FromSeconds(30))
                .Where(r => ReadingParser.Default.TryParse(r.Message.Value, out _, out _))
                .Select(r => (r.Partition.Value, r.Offset.Value))
                .ToList();
            var scored = TopicReader.Predictions(system.KafkaBootstrap, TimeSpan.FromSeconds(30))
                .Select(p => (p.SourcePartition, p.SourceOffset)).ToHashSet();
            missing = readings.Count(r => !scored.Contains(r));
            output.WriteLine($"{readings.Count} readings, {scored.Count} scored, {missing} missing");
            if (missing == 0) break;
            await Task.Delay(2000);
        } while (DateTime.UtcNow < deadline);

        Assert.Equal(0, missing);
        Assert.True(await system.AcknowledgedReadingsAsync() > 0);
    }

    /// <summary>The OS process ids of a project's replicas, from the orchestrator's resource snapshots.</summary>
    private async Task<List<int>> ReplicaProcessIdsAsync(string name)
    {
        var pids = new Dictionary<string, int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var notifications = system.App.Services.GetRequiredService<ResourceNotificationService>();
        try
        {
            await foreach (var e in notifications.WatchAsync(stop.Token))
            {
                if (e.Resource.Name != name) continue;
                var pid = e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
                if (pid is not null && int.TryParse(pid.ToString(), out var id)) pids[e.ResourceId] = id;
                if (pids.Count == 2) break;
            }
        }
        catch (OperationCanceledException) { }
        return [.. pids.OrderBy(p => p.Key).Select(p => p.Value)];
    }
}
