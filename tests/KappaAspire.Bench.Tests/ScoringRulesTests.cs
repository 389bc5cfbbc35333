using KappaAspire.Bench.Nab;

namespace KappaAspire.Bench.Tests;

/// <summary>NAB's scoring rules on small hand-made files, each weight worked out from the rule as the README states it.</summary>
public sealed class ScoringRulesTests
{
    // 1,000 rows: rows 0..149 are probationary; one window of 10 rows, 300..309.
    private static readonly NabFile File = NabFile.FromLayout("test/one_window.csv", 1000, [new NabWindow(300, 309)]);

    private static double Sigma(double y) => 2.0 / (1.0 + Math.Exp(5.0 * y)) - 1.0;

    private static NabFileScore Score(NabFile file, NabProfile profile, params int[] rows)
    {
        var detections = new bool[file.RowCount];
        foreach (var row in rows)
            detections[row] = true;
        return NabScorer.Score(file, detections, profile);
    }

    private static NabFileScore Score(params int[] rows) => Score(File, NabProfile.Standard, rows);

    [Fact]
    public void A_detection_on_a_windows_first_row_earns_the_full_true_positive_weight()
    {
        var result = Score(300);

        Assert.Equal(1.0, result.Score, 1e-12);
        Assert.Equal((1, 0, 840, 9), (result.TruePositives, result.FalsePositives, result.TrueNegatives, result.FalseNegatives));
        Assert.Equal((1, 1), (result.Windows, result.WindowsDetected));
    }

    [Theory]
    [InlineData(303)]
    [InlineData(309)]
    public void A_later_detection_in_a_window_earns_the_scaled_sigmoid_of_its_position(int row)
    {
        var position = -(309 - row + 1) / 10.0;

        Assert.Equal(Sigma(position) / Sigma(-1), Score(row).Score, 1e-12);
        Assert.True(Score(row).Score < Score(row - 1).Score);
    }

    [Fact]
    public void Only_the_earliest_detection_in_a_window_counts()
    {
        Assert.Equal(Score(302).Score, Score(302, 305, 309).Score, 1e-15);
        Assert.Equal(3, Score(302, 305, 309).TruePositives); // NAB still counts every flagged row
    }

    [Theory]
    [InlineData("standard", -1.0)]
    [InlineData("reward_low_FN_rate", -2.0)]
    public void A_window_without_a_detection_costs_the_false_negative_weight(string profile, double expected)
    {
        var result = Score(File, NabProfile.Defaults.Single(p => p.Name == profile));

        Assert.Equal(expected, result.Score);
        Assert.Equal((0, 10, 1, 0), (result.TruePositives, result.FalseNegatives, result.Windows, result.WindowsDetected));
    }

    [Theory]
    [InlineData("standard", -0.11)]
    [InlineData("reward_low_FP_rate", -0.22)]
    public void A_detection_before_any_window_costs_the_full_false_positive_weight(string profile, double expected) =>
        Assert.Equal(expected - 1.0, Score(File, NabProfile.Defaults.Single(p => p.Name == profile), 200).Score, 1e-12);

    [Fact]
    public void A_false_positive_just_after_a_window_costs_less_than_one_far_from_it()
    {
        // y = (row − 309) / (10 − 1): just after the window σ is near 0; from 3 widths past on it is −1.
        var justAfter = Score(300, 310).Score - 1.0;
        var later = Score(300, 320).Score - 1.0;
        var far = Score(300, 900).Score - 1.0;

        Assert.Equal(0.11 * Sigma(1 / 9.0), justAfter, 1e-12);
        Assert.Equal(0.11 * Sigma(11 / 9.0), later, 1e-12);
        Assert.Equal(-0.11, far, 1e-12);
        Assert.True(justAfter > later && later > far);
        Assert.True(justAfter > -0.11 / 2);
    }

    [Fact]
    public void Every_false_positive_is_charged()
    {
        var result = Score(200, 201, 900);

        Assert.Equal(-1.0 - 3 * 0.11, result.Score, 1e-12);
        Assert.Equal(3, result.FalsePositives);
    }

    [Fact]
    public void Detections_in_the_probationary_period_are_ignored()
    {
        var result = Score(0, 10, 149);

        Assert.Equal(-1.0, result.Score);
        Assert.Equal((0, 0, 840, 10), (result.TruePositives, result.FalsePositives, result.TrueNegatives, result.FalseNegatives));
    }

    [Fact]
    public void A_window_straddling_the_probationary_period_is_scored_on_its_later_rows_by_its_full_width()
    {
        var file = NabFile.FromLayout("test/straddle.csv", 1000, [new NabWindow(100, 199)]);

        var early = Score(file, NabProfile.Standard, 120);
        var late = Score(file, NabProfile.Standard, 120, 160);

        Assert.Equal(-1.0, early.Score);
        Assert.Equal(Sigma(-(199 - 160 + 1) / 100.0) / Sigma(-1), late.Score, 1e-12);
        Assert.Equal(50, late.TruePositives + late.FalseNegatives);
    }

    [Fact]
    public void A_window_wholly_in_the_probationary_period_is_not_scored()
    {
        var file = NabFile.FromLayout("test/early.csv", 1000, [new NabWindow(10, 20)]);

        Assert.Equal(0.0, Score(file, NabProfile.Standard).Score);
        Assert.Equal(0, Score(file, NabProfile.Standard).Windows);
    }

    [Fact]
    public void False_positives_are_measured_from_the_previous_window()
    {
        var file = NabFile.FromLayout("test/two_windows.csv", 1000, [new NabWindow(300, 309), new NabWindow(500, 519)]);

        // Row 530 is 11 rows past the second window (width 20), not far past the first.
        Assert.Equal(-2.0 + 0.11 * Sigma(11 / 19.0), Score(file, NabProfile.Standard, 530).Score, 1e-12);
        Assert.Equal(-2.0 + 0.11 * Sigma(11 / 9.0), Score(file, NabProfile.Standard, 320).Score, 1e-12);
    }

    [Fact]
    public void A_one_row_window_makes_every_later_false_positive_cost_the_full_weight()
    {
        var file = NabFile.FromLayout("test/narrow.csv", 1000, [new NabWindow(300, 300)]);

        Assert.Equal(1.0 - 0.11, Score(file, NabProfile.Standard, 300, 301).Score, 1e-12);
    }

    [Fact]
    public void Normalized_is_0_for_never_firing_and_100_for_a_detection_on_every_windows_first_row()
    {
        var other = NabFile.FromLayout("test/two_windows.csv", 1000, [new NabWindow(300, 309), new NabWindow(500, 519)]);
        var quiet = NabFile.FromLayout("test/no_window.csv", 500, []);
        var corpus = new NabCorpus([File, other, quiet]);
        var none = corpus.Files.ToDictionary(f => f.Key, f => new bool[f.RowCount]);
        var perfect = corpus.Files.ToDictionary(f => f.Key, f =>
        {
            var d = new bool[f.RowCount];
            foreach (var w in f.Windows)
                d[w.First] = true;
            return d;
        });

        foreach (var profile in NabProfile.Defaults)
        {
            Assert.Equal(0.0, NabScorer.Normalized(corpus, none, profile), 1e-12);
            Assert.Equal(100.0, NabScorer.Normalized(corpus, perfect, profile), 1e-12);
        }
        var half = NabScorer.Score(corpus, perfect.ToDictionary(p => p.Key, p => p.Key == File.Key ? new bool[1000] : p.Value), NabProfile.Standard);
        Assert.Equal((1.0, -3.0, 3.0), (half.Score, half.NullScore, half.PerfectScore));
        Assert.Equal(100.0 * 4 / 6, half.Normalized, 1e-12);
    }

    [Fact]
    public void Scoring_rejects_detections_that_do_not_fit_the_corpus()
    {
        var corpus = new NabCorpus([File]);

        var wrongLength = Assert.Throws<ArgumentException>(() => NabScorer.Score(File, new bool[999], NabProfile.Standard));
        Assert.Contains("999 detections for 1000 rows", wrongLength.Message);
        var missing = Assert.Throws<ArgumentException>(() => NabScorer.Score(corpus, new Dictionary<string, bool[]>(), NabProfile.Standard));
        Assert.Contains(File.Key, missing.Message);
        var unknown = Assert.Throws<ArgumentException>(() => NabScorer.Score(corpus,
            new Dictionary<string, bool[]> { [File.Key] = new bool[1000], ["test/typo.csv"] = new bool[1000] }, NabProfile.Standard));
        Assert.Contains("test/typo.csv", unknown.Message);
    }

    [Fact]
    public void Files_reject_windows_outside_them_or_out_of_order()
    {
        Assert.Contains("do not lie", Assert.Throws<ArgumentException>(() => NabFile.FromLayout("t/a.csv", 100, [new NabWindow(90, 100)])).Message);
        Assert.Contains("previous window", Assert.Throws<ArgumentException>(() =>
            NabFile.FromLayout("t/a.csv", 100, [new NabWindow(10, 20), new NabWindow(20, 30)])).Message);
    }
}
