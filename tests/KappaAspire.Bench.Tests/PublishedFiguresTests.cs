using KappaAspire.Bench.Nab;

namespace KappaAspire.Bench.Tests;

/// <summary>
/// The scorer reproduces NAB's published figures for the 35-file subset (README of shared/datasets/nab, and the
/// results CSVs there), run from the committed fixture so that it holds on a clean checkout.
/// </summary>
public sealed class PublishedFiguresTests
{
    private static readonly NabFixture Fixture = NabFixture.Load();
    private static NabCorpus Corpus => Fixture.Corpus;

    public static TheoryData<string> Detectors => new(Fixture.Detectors.Select(d => d.Name));

    public static TheoryData<string, string> DetectorsAndProfiles =>
        new(Fixture.Detectors.SelectMany(d => NabProfile.Defaults.Select(p => (d.Name, p.Name))));

    [Theory]
    [InlineData("numenta", 0.542187690735, 18.1161, 66.5)]
    [InlineData("randomCutForest", 0.453918457031, -2.2308, 48.0)]
    [InlineData("null", 0.6, -55.0, 0.0)]
    public void Standard_corpus_scores_are_the_published_ones(string detector, double threshold, double raw, double normalized)
    {
        var published = Fixture.Detector(detector);
        Assert.Equal(threshold, published.Threshold(NabProfile.Standard));

        var result = NabScorer.Score(Corpus, published.Detections(Corpus, NabProfile.Standard), NabProfile.Standard);

        Assert.Equal(raw, result.Score, 0.00005);
        Assert.Equal(normalized, result.Normalized, 0.05);
        Assert.Equal(normalized, NabScorer.Normalized(Corpus, published.Detections(Corpus, NabProfile.Standard), NabProfile.Standard), 0.05);
    }

    /// <summary>The README says 181,652 readings; its files, and NAB's Total_Count column, hold 181,653.</summary>
    [Fact]
    public void The_corpus_is_the_readmes_35_files_and_55_windows_with_null_at_minus_55_and_perfect_at_55()
    {
        Assert.Equal(35, Corpus.Files.Count);
        Assert.Equal(181_653, Corpus.RowCount);
        Assert.Equal(55, Corpus.WindowCount);
        Assert.Equal(-55.0, NabScorer.NullScore(Corpus, NabProfile.Standard));
        Assert.Equal(55.0, NabScorer.PerfectScore(Corpus, NabProfile.Standard));
        Assert.Equal(-110.0, NabScorer.NullScore(Corpus, NabProfile.RewardLowFnRate));
    }

    [Fact]
    public void Numenta_on_nyc_taxi_scores_2_4357_with_7_true_and_1_false_positive()
    {
        var numenta = Fixture.Detector("numenta");
        var file = Corpus["realKnownCause/nyc_taxi.csv"];

        var result = NabScorer.Score(file, numenta.Detections(Corpus, NabProfile.Standard)[file.Key], NabProfile.Standard);

        Assert.Equal(2.4357, result.Score, 0.00005);
        Assert.Equal(7, result.TruePositives);
        Assert.Equal(1, result.FalsePositives);
        Assert.Equal((5, 4), (result.Windows, result.WindowsDetected));
    }

    /// <summary>Every row of <c>&lt;detector&gt;_standard_scores.csv</c>: score and NAB's four counts, file by file.</summary>
    [Theory]
    [MemberData(nameof(Detectors))]
    public void Every_file_matches_its_published_scores_row(string detector)
    {
        var published = Fixture.Detector(detector);
        var mismatches = new List<string>();
        var rowsChecked = 0;
        foreach (var profile in NabProfile.Defaults)
        {
            var detections = published.Detections(Corpus, profile);
            foreach (var file in Corpus.Files)
            foreach (var row in published.File(file.Key).Published.Where(r => r.Profile == profile.Name))
            {
                rowsChecked++;
                var actual = NabScorer.Score(file, detections[file.Key], profile);
                var expected = (row.TP, row.TN, row.FP, row.FN, row.TotalCount);
                var counts = (actual.TruePositives, actual.TrueNegatives, actual.FalsePositives, actual.FalseNegatives, file.RowCount);
                if (Math.Abs(actual.Score - row.Score) > 1e-9 || counts != expected)
                    mismatches.Add($"{profile.Name} {file.Key}: published {row.Score} (TP, TN, FP, FN, rows) {expected}, scored {actual.Score} {counts}");
            }
        }
        Assert.Equal(Corpus.Files.Count, rowsChecked); // the dataset publishes the standard table only
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>
    /// Every profile, file by file: NAB's per-row output S(t)_&lt;profile&gt; holds each row's share of the file's score at
    /// that profile's threshold, so it sums to the file's raw score.
    /// </summary>
    [Theory]
    [MemberData(nameof(DetectorsAndProfiles))]
    public void Every_file_scores_its_published_row_score_sum(string detector, string profileName)
    {
        var profile = NabProfile.Defaults.Single(p => p.Name == profileName);
        var published = Fixture.Detector(detector);
        var detections = published.Detections(Corpus, profile);

        var mismatches = Corpus.Files
            .Select(f => (f.Key, Expected: published.File(f.Key).RowScoreSums[profileName], Actual: NabScorer.Score(f, detections[f.Key], profile).Score))
            .Where(r => Math.Abs(r.Expected - r.Actual) > 1e-8)
            .Select(r => $"{r.Key}: published {r.Expected}, scored {r.Actual}")
            .ToArray();

        Assert.True(mismatches.Length == 0, string.Join("\n", mismatches));
    }

    /// <summary>
    /// Corpus figures per profile: raw is the sum of the published S(t) columns over the 35 files; normalized follows
    /// from it (null −55, −55 and −110; perfect 55).
    /// </summary>
    [Theory]
    [InlineData("numenta", "standard", 18.1161, 66.47)]
    [InlineData("numenta", "reward_low_FP_rate", 10.9671, 59.97)]
    [InlineData("numenta", "reward_low_FN_rate", 7.1161, 70.98)]
    [InlineData("randomCutForest", "standard", -2.2308, 47.97)]
    [InlineData("randomCutForest", "reward_low_FP_rate", -20.1100, 31.72)]
    [InlineData("randomCutForest", "reward_low_FN_rate", -18.9258, 55.20)]
    [InlineData("null", "standard", -55.0, 0.0)]
    [InlineData("null", "reward_low_FP_rate", -55.0, 0.0)]
    [InlineData("null", "reward_low_FN_rate", -110.0, 0.0)]
    public void Corpus_scores_per_profile_are_the_published_ones(string detector, string profileName, double raw, double normalized)
    {
        var profile = NabProfile.Defaults.Single(p => p.Name == profileName);
        var published = Fixture.Detector(detector);

        var result = NabScorer.Score(Corpus, published.Detections(Corpus, profile), profile);

        Assert.Equal(published.Files.Sum(f => f.RowScoreSums[profileName]), result.Score, 1e-7);
        Assert.Equal(raw, result.Score, 0.00005);
        Assert.Equal(normalized, result.Normalized, 0.005);
    }

    [Fact]
    public void Numenta_flags_rows_in_probationary_periods_and_they_change_nothing()
    {
        var numenta = Fixture.Detector("numenta");
        var detections = numenta.Detections(Corpus, NabProfile.Standard);
        var withoutProbationary = detections.ToDictionary(d => d.Key, d =>
        {
            var copy = (bool[])d.Value.Clone();
            Array.Clear(copy, 0, Corpus[d.Key].ProbationaryRows);
            return copy;
        });

        Assert.True(Corpus.Files.Sum(f => detections[f.Key].Take(f.ProbationaryRows).Count(x => x)) > 100);
        Assert.Equal(NabScorer.Score(Corpus, detections, NabProfile.Standard), NabScorer.Score(Corpus, withoutProbationary, NabProfile.Standard),
            new ScoreComparer());
    }

    [Theory]
    [InlineData(4032, 604)]
    [InlineData(1243, 186)]
    [InlineData(5000, 750)]
    [InlineData(22695, 750)]
    public void The_probationary_period_is_15_percent_of_a_file_at_most_750_rows(int rows, int probationary) =>
        Assert.Equal(probationary, NabFile.ProbationaryLength(rows));

    private sealed class ScoreComparer : IEqualityComparer<NabCorpusScore>
    {
        public bool Equals(NabCorpusScore? x, NabCorpusScore? y) => x!.Files.SequenceEqual(y!.Files);
        public int GetHashCode(NabCorpusScore obj) => 0;
    }
}
