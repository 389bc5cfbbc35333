using System.Diagnostics;
using KappaAspire.Bench.Nab;

namespace KappaAspire.Bench.Tests;

/// <summary>The corpus threshold search: exact over every distinct score, the same answer as scoring each threshold.</summary>
public sealed class ThresholdTests(ITestOutputHelper output)
{
    private static readonly NabFixture Fixture = NabFixture.Load();

    public static TheoryData<string> Profiles => new(NabProfile.Defaults.Select(p => p.Name));

    private static NabProfile Profile(string name) => NabProfile.Defaults.Single(p => p.Name == name);

    // Scores on a coarse grid so that rows share values (ties are where a sweep goes wrong), windows here and there.
    private static (NabCorpus Corpus, Dictionary<string, double[]> Scores) RandomCorpus(int seed, int files, int rows)
    {
        var random = new Random(seed);
        var list = new List<NabFile>();
        var scores = new Dictionary<string, double[]>();
        for (var f = 0; f < files; f++)
        {
            var windows = new List<NabWindow>();
            for (var start = rows / 10 + random.Next(rows / 10); start < rows - 20; start += rows / 4 + random.Next(rows / 4))
                windows.Add(new NabWindow(start, Math.Min(rows - 1, start + random.Next(1, rows / 20))));
            var file = NabFile.FromLayout($"random/{f}.csv", rows, windows);
            list.Add(file);
            // Some rows in windows score higher, so that the best threshold is a real one rather than never firing.
            scores[file.Key] = Enumerable.Range(0, rows)
                .Select(i => Math.Round(random.NextDouble() * random.NextDouble() + (windows.Any(w => w.Contains(i)) && random.Next(4) == 0 ? 0.5 : 0), 2))
                .ToArray();
        }
        return (new NabCorpus(list), scores);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_sweep_gives_the_score_of_detecting_at_each_threshold(string profileName)
    {
        var profile = Profile(profileName);
        var (corpus, scores) = RandomCorpus(seed: 7, files: 4, rows: 600);

        var sweep = NabThreshold.Sweep(corpus, scores, profile);

        var distinct = corpus.Files.SelectMany(f => scores[f.Key].Skip(f.ProbationaryRows)).Distinct().OrderDescending().ToArray();
        Assert.Equal(new[] { double.PositiveInfinity }.Concat(distinct), sweep.Select(p => p.Threshold));
        foreach (var point in sweep)
        {
            var detections = scores.ToDictionary(s => s.Key, s => NabThreshold.Apply(s.Value, point.Threshold));
            Assert.Equal(NabScorer.Score(corpus, detections, profile).Score, point.Score, 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Optimize_finds_the_best_threshold_and_scores_with_it(string profileName)
    {
        var profile = Profile(profileName);
        var (corpus, scores) = RandomCorpus(seed: 11, files: 5, rows: 800);

        var best = NabThreshold.Optimize(corpus, scores, profile);

        var bruteForce = scores.Values.SelectMany(s => s).Append(double.PositiveInfinity).Distinct()
            .Select(t => NabScorer.Score(corpus, scores.ToDictionary(s => s.Key, s => NabThreshold.Apply(s.Value, t)), profile).Score)
            .Max();
        Assert.Equal(bruteForce, best.Score.Score, 1e-9);
        Assert.True(double.IsFinite(best.Threshold) && best.Score.WindowsDetected > 0);
        Assert.Equal(NabScorer.Score(corpus, scores.ToDictionary(s => s.Key, s => NabThreshold.Apply(s.Value, best.Threshold)), profile), best.Score,
            new FilesEqual());
        Assert.Equal(best.Score.Normalized, best.Normalized);
    }

    [Fact]
    public void Ties_go_to_the_highest_threshold()
    {
        // 0.9 and 0.8 both fall in the window; 0.8 adds a later detection there, which changes nothing.
        var file = NabFile.FromLayout("t/tie.csv", 200, [new NabWindow(100, 109)]);
        var scores = new double[200];
        scores[100] = 0.9;
        scores[105] = 0.8;

        var best = NabThreshold.Optimize(new NabCorpus([file]), new Dictionary<string, double[]> { [file.Key] = scores }, NabProfile.Standard);

        Assert.Equal(0.9, best.Threshold);
        Assert.Equal(1.0, best.Score.Score, 1e-12);
    }

    [Fact]
    public void Never_firing_wins_when_every_detection_costs_more_than_it_earns()
    {
        var file = NabFile.FromLayout("t/quiet.csv", 200, []);
        var scores = Enumerable.Range(0, 200).Select(i => i / 200.0).ToArray();

        var best = NabThreshold.Optimize(new NabCorpus([file]), new Dictionary<string, double[]> { [file.Key] = scores }, NabProfile.Standard);

        Assert.Equal(double.PositiveInfinity, best.Threshold);
        Assert.Equal(0, best.Score.FalsePositives);
    }

    [Fact]
    public void A_row_is_a_detection_when_its_score_reaches_the_threshold() =>
        Assert.Equal([false, true, true], NabThreshold.Apply([0.49, 0.5, 0.51], 0.5));

    [Fact]
    public void Scores_must_fit_the_corpus_and_be_finite()
    {
        var file = NabFile.FromLayout("t/a.csv", 200, []);
        var corpus = new NabCorpus([file]);
        var nan = new double[200];
        nan[199] = double.NaN;

        Assert.Contains("199 scores", Assert.Throws<ArgumentException>(() =>
            NabThreshold.Optimize(corpus, new Dictionary<string, double[]> { [file.Key] = new double[199] }, NabProfile.Standard)).Message);
        Assert.Contains("row 199", Assert.Throws<ArgumentException>(() =>
            NabThreshold.Optimize(corpus, new Dictionary<string, double[]> { [file.Key] = nan }, NabProfile.Standard)).Message);
        Assert.Throws<ArgumentException>(() => NabThreshold.Optimize(corpus, new Dictionary<string, double[]>(), NabProfile.Standard));
    }

    [Fact]
    public void Optimizing_a_nab_sized_corpus_takes_well_under_a_second_per_profile()
    {
        var (corpus, scores) = RandomCorpus(seed: 3, files: 35, rows: 5_000);
        NabThreshold.Optimize(corpus, scores, NabProfile.Standard); // JIT

        var clock = Stopwatch.StartNew();
        foreach (var profile in NabProfile.Defaults)
            NabThreshold.Optimize(corpus, scores, profile);
        output.WriteLine($"35 files x 5,000 rows, 3 profiles: {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    /// <summary>
    /// On NAB's published outputs, the threshold that is best for these 35 files scores at least as well as NAB's, which
    /// was chosen over all 58 files. The fixture keeps scores down to its floor, so the search is exact above it.
    /// </summary>
    [Theory]
    [InlineData("numenta")]
    [InlineData("randomCutForest")]
    public void The_best_threshold_on_these_files_scores_at_least_the_published_one(string detector)
    {
        var published = Fixture.Detector(detector);
        var corpus = Fixture.Corpus;
        var scores = published.Scores(corpus);
        foreach (var profile in NabProfile.Defaults)
        {
            var atPublished = NabScorer.Score(corpus, published.Detections(corpus, profile), profile);

            var best = NabThreshold.Optimize(corpus, scores, profile);

            output.WriteLine($"{detector} {profile.Name}: published threshold {published.Threshold(profile)} normalized {atPublished.Normalized:F2}; "
                + $"best here {best.Threshold} normalized {best.Normalized:F2} (raw {best.Score.Score:F4}, TP {best.Score.TruePositives}, FP {best.Score.FalsePositives})");
            Assert.True(best.Threshold >= published.ScoreFloor, $"{profile.Name}: the best threshold {best.Threshold} is under the fixture's floor");
            Assert.True(best.Normalized >= atPublished.Normalized - 1e-9, $"{profile.Name}: {best.Normalized} < {atPublished.Normalized}");
            Assert.Equal(NabThreshold.Sweep(corpus, scores, profile).Max(p => p.Score), best.Score.Score, 1e-9);
        }
    }

    private sealed class FilesEqual : IEqualityComparer<NabCorpusScore>
    {
        public bool Equals(NabCorpusScore? x, NabCorpusScore? y) => x!.Files.SequenceEqual(y!.Files);
        public int GetHashCode(NabCorpusScore obj) => 0;
    }
}
