using KappaAspire.Bench.Nab;

namespace KappaAspire.Bench.Tests;

/// <summary>Loading a directory in NAB's layout, and saying what is wrong with one that is not.</summary>
public sealed class CorpusLoadingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nab-layout-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string Labels = """
        {
          "cat/a.csv": [["2014-04-01 00:10:00.000000", "2014-04-01 00:20:00.000000"]],
          "cat/b.csv": [],
          "other/not_here.csv": [["2014-04-01 00:00:00.000000", "2014-04-01 00:05:00.000000"]]
        }
        """;

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Rows(int count, int minutesApart = 5) =>
        "timestamp,value\n" + string.Concat(Enumerable.Range(0, count).Select(i =>
            $"{new DateTime(2014, 4, 1).AddMinutes(i * minutesApart):yyyy-MM-dd HH:mm:ss},{i * 1.5}\n"));

    private void WriteValidLayout()
    {
        Write("data/cat/a.csv", Rows(40));
        Write("data/cat/b.csv", Rows(10));
        Write("labels/combined_windows.json", Labels);
    }

    [Fact]
    public void A_nab_directory_loads_as_files_with_utc_rows_and_windows_as_row_ranges()
    {
        WriteValidLayout();

        var corpus = NabCorpus.Load(_directory);

        Assert.Equal(["cat/a.csv", "cat/b.csv"], corpus.Files.Select(f => f.Key));
        var a = corpus["cat/a.csv"];
        Assert.Equal(40, a.RowCount);
        Assert.Equal(new DateTime(2014, 4, 1, 0, 5, 0, DateTimeKind.Utc), a.Timestamps[1]);
        Assert.Equal(DateTimeKind.Utc, a.Timestamps[1].Kind);
        Assert.Equal(1.5, a.Values[1]);
        Assert.Equal([new NabWindow(2, 4)], a.Windows);
        Assert.Equal(3, a.Windows[0].Width);
        Assert.Equal(6, a.ProbationaryRows);
        Assert.Empty(corpus["cat/b.csv"].Windows);
        Assert.Equal(1, corpus.WindowCount);
    }

    [Fact]
    public void A_repeated_timestamp_stands_for_its_first_row_as_in_nab()
    {
        Write("data/cat/a.csv", "timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:10:00,2\n2014-04-01 00:10:00,3\n2014-04-01 00:15:00,4\n2014-04-01 00:20:00,5\n");
        Write("labels/combined_windows.json", """{ "cat/a.csv": [["2014-04-01 00:10:00.000000", "2014-04-01 00:20:00.000000"]] }""");

        Assert.Equal([new NabWindow(1, 4)], NabCorpus.Load(_directory)["cat/a.csv"].Windows);
    }

    [Fact]
    public void Profiles_come_from_profiles_json_when_the_directory_has_one()
    {
        Assert.Equal(NabProfile.Defaults, NabProfile.Load(_directory));
        Write("profiles.json", """{ "strict": { "CostMatrix": { "tpWeight": 1.0, "fnWeight": 3.0, "fpWeight": 0.5, "tnWeight": 1.0 } } }""");

        Assert.Equal([new NabProfile("strict", 1.0, 0.5, 1.0, 3.0)], NabProfile.Load(_directory));
    }

    [Fact]
    public void The_built_in_profiles_are_nabs()
    {
        Assert.Equal(["standard", "reward_low_FP_rate", "reward_low_FN_rate"], NabProfile.Defaults.Select(p => p.Name));
        Assert.Equal((1.0, 0.11, 1.0), (NabProfile.Standard.TpWeight, NabProfile.Standard.FpWeight, NabProfile.Standard.FnWeight));
        Assert.Equal(0.22, NabProfile.RewardLowFpRate.FpWeight);
        Assert.Equal(2.0, NabProfile.RewardLowFnRate.FnWeight);
    }

    [Fact]
    public void A_profile_without_a_weight_is_reported_with_its_name()
    {
        Write("profiles.json", """{ "odd": { "CostMatrix": { "tpWeight": 1.0 } } }""");

        var error = Assert.Throws<InvalidDataException>(() => NabProfile.Load(_directory));
        Assert.Contains("'odd'", error.Message);
        Assert.Contains("fpWeight", error.Message);
    }

    [Fact]
    public void A_missing_labels_file_is_named()
    {
        Write("data/cat/a.csv", Rows(40));

        var error = Assert.Throws<FileNotFoundException>(() => NabCorpus.Load(_directory));
        Assert.Contains(Path.Combine("labels", "combined_windows.json"), error.Message);
    }

    [Fact]
    public void A_missing_data_directory_is_named() =>
        Assert.Contains("data", Assert.Throws<DirectoryNotFoundException>(() => NabCorpus.Load(_directory)).Message);

    [Theory]
    [InlineData("2014-04-01 00:00:00,1\n2014-04-01 00:05:00,lots\n", "value 'lots' is not a number")]
    [InlineData("2014-04-01 00:00:00,1\n01/04/2014 00:05,2\n", "timestamp '01/04/2014 00:05'")]
    [InlineData("2014-04-01 00:00:00,1\n2014-04-01 00:05:00\n", "1 fields, the header has 2")]
    public void An_unparseable_row_is_reported_with_its_file_and_line(string rows, string problem)
    {
        WriteValidLayout();
        Write("data/cat/b.csv", "timestamp,value\n" + rows);

        var error = Assert.Throws<InvalidDataException>(() => NabCorpus.Load(_directory));
        Assert.Contains($"{Path.Combine(_directory, "data", "cat", "b.csv")}:3:", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_header_without_timestamp_and_value_is_reported()
    {
        WriteValidLayout();
        Write("data/cat/b.csv", "time,reading\n2014-04-01 00:00:00,1\n");

        Assert.Contains("b.csv:1:", Assert.Throws<InvalidDataException>(() => NabCorpus.Load(_directory)).Message);
    }

    [Fact]
    public void A_data_file_without_labels_is_reported()
    {
        WriteValidLayout();
        Write("data/cat/c.csv", Rows(10));

        var error = Assert.Throws<InvalidDataException>(() => NabCorpus.Load(_directory));
        Assert.Contains("no entry for cat/c.csv", error.Message);
    }

    [Fact]
    public void A_window_edge_that_is_not_a_timestamp_of_the_file_is_reported()
    {
        WriteValidLayout();
        Write("data/cat/a.csv", Rows(40, minutesApart: 7));

        var error = Assert.Throws<InvalidDataException>(() => NabCorpus.Load(_directory));
        Assert.Contains("cat/a.csv has a window edge at 2014-04-01 00:10:00", error.Message);
    }

    [Fact]
    public void Labels_that_are_not_nabs_format_are_reported()
    {
        WriteValidLayout();
        Write("labels/combined_windows.json", """{ "cat/a.csv": [["2014-04-01 00:10:00"]], "cat/b.csv": [] }""");

        Assert.Contains("'cat/a.csv' has a window that is not", Assert.Throws<InvalidDataException>(() => NabCorpus.Load(_directory)).Message);
    }
}
