namespace KappaAspire.Bench.Tests;

/// <summary>
/// Keeps the committed fixture true to the full dataset. Regenerating is explicit (it rewrites a source file):
/// <c>dotnet test --project tests/KappaAspire.Bench.Tests -c Release --explicit only</c>, on a machine with
/// shared/datasets/nab (or $NAB_DATASET).
/// </summary>
public sealed class NabFixtureGeneration
{
    [Fact(Explicit = true)]
    public void Regenerate_the_fixture_from_the_full_dataset()
    {
        NabDataset.SkipUnlessPresent();
        var text = NabFixtureGenerator.Generate(NabDataset.Directory!).Serialize();
        File.WriteAllText(Path.Combine(NabDataset.ProjectDirectory(), "Fixtures", NabFixture.FileName), text);
    }

    [Fact]
    public void The_committed_fixture_is_what_the_full_dataset_generates()
    {
        NabDataset.SkipUnlessPresent();
        var generated = NabFixtureGenerator.Generate(NabDataset.Directory!).Serialize();
        var committed = NabFixture.CommittedText();
        Assert.True(generated == committed, "Fixtures/nab-published.json no longer matches shared/datasets/nab: regenerate it (see NabFixtureGeneration).");
    }
}
