namespace KappaAspire.IntegrationTests;

/// <summary>The system as <c>dotnet run --project KappaAspire.AppHost</c> starts it, settings untouched.</summary>
public sealed class ShippedSystemFixture : KappaSystemFixture
{
    protected override bool AsShipped => true;
}

/// <summary>
/// A fresh start must not leave users with a weak first model: the trainer retrains as the log grows, so from 90 s after
/// start the models being served find the simulator's anomalies, judged live against the readings' ground truth.
/// </summary>
public sealed class FreshStartTests(ShippedSystemFixture system, ITestOutputHelper output) : IClassFixture<ShippedSystemFixture>
{
    private static readonly TimeSpan WithinOfStart = TimeSpan.FromSeconds(90);
    private const int EnoughAnomalies = 30;

    [Fact]
    public async Task Within_90_seconds_of_a_fresh_start_the_served_model_scores_an_F1_of_at_least_0_9_live()
    {
        var mark = system.StartedAt + WithinOfStart;
        if (mark > DateTimeOffset.UtcNow)
            await Task.Delay(mark - DateTimeOffset.UtcNow);
        var served = await system.PromotedVersionAsync();
        Assert.True(served is not null, $"No model was served {WithinOfStart.TotalSeconds:F0} s after start.");

        // What users get from the mark on: every reading after it, scored by whichever model serves it (that one, or a
        // newer one the growth retrain promotes), until enough labelled anomalies were among them.
        var live = await system.WaitForPredictionsAsync(
            p => p.Timestamp >= mark && p.AnomalyKind is not null,
            $"live predictions with {EnoughAnomalies} labelled anomalies",
            found => found.Count(p => p.AnomalyKind != "normal") >= EnoughAnomalies);
        var versions = string.Join(", ", live.GroupBy(p => p.ModelVersion).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));

        var truePositives = live.Count(p => p.IsAnomaly && p.AnomalyKind != "normal");
        var falsePositives = live.Count(p => p.IsAnomaly && p.AnomalyKind == "normal");
        var falseNegatives = live.Count(p => !p.IsAnomaly && p.AnomalyKind != "normal");
        var f1 = 2.0 * truePositives / (2.0 * truePositives + falsePositives + falseNegatives);
        output.WriteLine($"{served} served at {WithinOfStart.TotalSeconds:F0} s; {live.Count} live readings scored by {versions}: TP {truePositives}, FP {falsePositives}, FN {falseNegatives}, F1 {f1:F3}");
        foreach (var model in (await system.ModelsAsync()).Models)
            output.WriteLine($"{model.Version}: trained on {model.TrainingRanges.Sum(r => r.LastOffset - r.FirstOffset + 1):N0} readings, {model.Decision}");
        Assert.True(f1 >= 0.9, $"F1 {f1:F3} (TP {truePositives}, FP {falsePositives}, FN {falseNegatives}) scored by {versions}");
    }
}
