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
        var commands = system.App.Services.GetRequiredService<ResourceCommandService>();
        var replicas = await ReplicaIdsAsync("inference");
        Assert.Equal(2, replicas.Count);

        // One replica stops mid-stream: the group rebalances its partitions onto the other.
        await ExecuteAsync(commands, replicas[0], KnownResourceCommands.StopCommand);
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

    private async Task<List<string>> ReplicaIdsAsync(string name)
    {
        var ids = new HashSet<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var notifications = system.App.Services.GetRequiredService<ResourceNotificationService>();
        try
        {
            await foreach (var e in notifications.WatchAsync(stop.Token))
            {
                if (e.Resource.Name == name) ids.Add(e.ResourceId);
                if (ids.Count == 2) break;
            }
        }
        catch (OperationCanceledException) { }
        return [.. ids.Order()];
    }

    private static async Task ExecuteAsync(ResourceCommandService commands, string resourceId, string command)
    {
        var result = await commands.ExecuteCommandAsync(resourceId, command);
        Assert.True(result.Success, $"{command} on {resourceId}: {result.Message}");
    }
}
