using System.Text.Json;
using KappaAspire.Pipeline.Features;

namespace KappaAspire.IntegrationTests;

/// <summary>Kappa reprocessing: change how models are built, replay the log from its first offset, serve the result.</summary>
[Collection(SystemCollection.Name)]
public sealed class ReprocessingTests(KappaSystemFixture system, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task New_model_settings_replay_the_log_from_offset_zero_and_the_model_built_from_it_alone_is_served()
    {
        var before = await system.TrainUntilPromotedAsync(Patience);

        // The operator changes the detector's settings and restarts the trainer with them.
        await system.StopAsync("trainer");
        system.TrainerSettings["Trainer__Detector__NumberOfTrees"] = "40";
        system.TrainerSettings["Trainer__Detector__NumberOfLeaves"] = "12";
        try
        {
            await system.StartAsync("trainer");
            await ReprocessAndServeAsync(before);
        }
        finally
        {
            // The system is shared with other test classes: back to the default settings.
            system.TrainerSettings.Clear();
            await system.StopAsync("trainer");
            await system.StartAsync("trainer");
        }
    }

    private async Task ReprocessAndServeAsync(string before)
    {
        var reprocessed = await system.TrainAndPromoteAsync();
        Assert.NotEqual(before, reprocessed);

        // Built from the log alone: every partition replayed from its first offset, with the new settings recorded.
        using var models = JsonDocument.Parse(await system.Trainer.GetStringAsync("/models"));
        var model = models.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("version").GetString() == reprocessed);
        output.WriteLine(model.ToString());
        var ranges = model.GetProperty("trainingRanges").EnumerateArray().ToList();
        Assert.Equal(6, ranges.Count);
        Assert.All(ranges, r => Assert.Equal(0, r.GetProperty("firstOffset").GetInt64()));
        Assert.All(ranges, r => Assert.True(r.GetProperty("lastOffset").GetInt64() > 0));
        Assert.Equal(FeatureSchema.Version, model.GetProperty("featureSchemaVersion").GetInt32());
        var settings = model.GetProperty("trainingSettings");
        Assert.Equal(40, settings.GetProperty("numberOfTrees").GetInt32());
        Assert.Equal(12, settings.GetProperty("numberOfLeaves").GetInt32());

        // And it is what inference serves, on every partition.
        await system.WaitForPredictionsAsync(p => p.ModelVersion == reprocessed, $"predictions with model {reprocessed}", KappaSystemFixture.OnEveryPartition);
    }
}
