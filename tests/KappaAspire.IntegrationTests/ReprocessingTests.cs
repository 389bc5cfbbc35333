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
        var model = (await system.ModelsAsync()).Models.Single(m => m.Version == reprocessed);
        output.WriteLine($"{model.Version}: ranges {string.Join(", ", model.TrainingRanges)}, {model.Decision}");
        Assert.Equal(6, model.TrainingRanges.Count);
        Assert.All(model.TrainingRanges, r => Assert.Equal(0, r.FirstOffset));
        Assert.All(model.TrainingRanges, r => Assert.True(r.LastOffset > 0));
        Assert.Equal(FeatureSchema.Version, model.FeatureSchemaVersion);
        Assert.Equal(40, model.TrainingSettings!.NumberOfTrees);
        Assert.Equal(12, model.TrainingSettings.NumberOfLeaves);

        // And it is what inference serves, on every partition.
        await system.WaitForPredictionsAsync(p => p.ModelVersion == reprocessed, $"predictions with model {reprocessed}", KappaSystemFixture.OnEveryPartition);
    }
}
