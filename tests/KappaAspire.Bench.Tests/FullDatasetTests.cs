using KappaAspire.Bench.Nab;

namespace KappaAspire.Bench.Tests;

/// <summary>
/// On a machine with the full dataset: the real CSVs, loaded and scored at the published thresholds, give the published
/// figures directly, and the fixture's truncated scores lose nothing the optimizer needs. Skipped elsewhere.
/// </summary>
public sealed class FullDatasetTests
{
    private static readonly Lazy<NabCorpus> Corpus = new(() => NabCorpus.Load(NabDataset.Directory!));

    public static TheoryData<string> Detectors => new("numenta", "randomCutForest", "null");

    private static Dictionary<string, PublishedResults.Rows> Rows(string detector) => Corpus.Value.Files.ToDictionary(f => f.Key,
        f => PublishedResults.ReadRows(NabDataset.Directory!, detector, f.Key, NabProfile.Defaults.Select(p => p.Name)));

    /// <summary>The README says 181,652 readings; its files hold 181,653 (as NAB's Total_Count column sums to).</summary>
    [Fact]
    public void The_dataset_is_the_readmes_35_files_and_55_windows()
    {
        NabDataset.SkipUnlessPresent();

        Assert.Equal((35, 181_653, 55), (Corpus.Value.Files.Count, Corpus.Value.RowCount, Corpus.Value.WindowCount));
        Assert.Equal(NabProfile.Defaults, NabProfile.Load(NabDataset.Directory!));
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public void Windows_found_from_label_timestamps_are_the_rows_nab_labelled(string detector)
    {
        NabDataset.SkipUnlessPresent();

        foreach (var (key, rows) in Rows(detector))
        {
            var file = Corpus.Value[key];
            var labelled = Enumerable.Range(0, file.RowCount).Select(i => file.Windows.Any(w => w.Contains(i)) ? 1 : 0);
            Assert.True(labelled.SequenceEqual(rows.Labels), $"{detector} {key}: label column differs from the windows");
        }
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public void Real_scores_at_the_published_threshold_give_every_published_scores_row(string detector)
    {
        NabDataset.SkipUnlessPresent();
        var table = PublishedResults.ReadScores(NabDataset.Directory!, detector, NabProfile.Standard.Name)!;
        var rows = Rows(detector);

        foreach (var expected in table)
        {
            var file = Corpus.Value[expected.File];
            var actual = NabScorer.Score(file, NabThreshold.Apply(rows[file.Key].AnomalyScores, expected.Threshold), NabProfile.Standard);
            Assert.Equal(expected.Score, actual.Score, 1e-9);
            Assert.Equal((expected.TP, expected.TN, expected.FP, expected.FN, expected.TotalCount),
                (actual.TruePositives, actual.TrueNegatives, actual.FalsePositives, actual.FalseNegatives, file.RowCount));
        }
    }

    [Theory]
    [InlineData("numenta")]
    [InlineData("randomCutForest")]
    public void The_optimizer_finds_the_same_threshold_on_the_full_scores_as_on_the_fixture(string detector)
    {
        NabDataset.SkipUnlessPresent();
        var full = Rows(detector).ToDictionary(r => r.Key, r => r.Value.AnomalyScores);
        var fixture = NabFixture.Load();
        var truncated = fixture.Detector(detector).Scores(fixture.Corpus);

        foreach (var profile in NabProfile.Defaults)
        {
            var onFull = NabThreshold.Optimize(Corpus.Value, full, profile);
            var onFixture = NabThreshold.Optimize(fixture.Corpus, truncated, profile);
            Assert.Equal(onFull.Threshold, onFixture.Threshold);
            Assert.Equal(onFull.Score.Files, onFixture.Score.Files);
        }
    }
}
