using KappaAspire.Pipeline.Features;

namespace KappaAspire.Pipeline.Tests;

public sealed class RobustStatisticsTests
{
    public static TheoryData<int, int> Shapes => new()
    {
        // length, distinct values (few: the long exact repeats of a quantized meter)
        { 1, 1 }, { 2, 2 }, { 15, 1000 }, { 16, 3 }, { 17, 1000 }, { 60, 2 }, { 61, 1000 }, { 288, 5 }, { 1001, 1000 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_order_statistic_is_the_value_a_sort_puts_there(int length, int distinct)
    {
        var random = new Random(length * 31 + distinct);
        for (var trial = 0; trial < 20; trial++)
        {
            var values = Enumerable.Range(0, length).Select(_ => Math.Round(random.Next(distinct) * 0.25 - 40, 2)).ToArray();
            var sorted = values.Order().ToArray();
            for (var k = 0; k < length; k += Math.Max(1, length / 7))
            {
                var scratch = values.ToArray();

                var selected = RobustStatistics.SelectInPlace(scratch, k);

                Assert.Equal(sorted[k], selected);
                Assert.All(scratch[..k], v => Assert.True(v <= selected));
                Assert.All(scratch[(k + 1)..], v => Assert.True(v >= selected));
                Assert.Equal(sorted, scratch.Order().ToArray()); // a permutation: nothing lost or duplicated
            }
        }
    }

    [Theory]
    [InlineData(new[] { 5.0 }, 5.0)]
    [InlineData(new[] { 1.0, 9.0, 3.0 }, 3.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    [InlineData(new[] { 7.0, 7.0, 7.0, 1.0 }, 7.0)]
    public void The_median_of_an_even_count_is_the_mean_of_the_two_middle_values(double[] values, double median)
    {
        Assert.Equal(median, RobustStatistics.MedianInPlace(values.ToArray()));
    }

    [Fact]
    public void The_median_matches_the_sorted_definition_on_sorted_reversed_and_constant_windows()
    {
        double[][] windows =
        [
            Enumerable.Range(0, 300).Select(i => (double)i).ToArray(),
            Enumerable.Range(0, 300).Select(i => (double)-i).ToArray(),
            Enumerable.Repeat(230.0, 301).ToArray(),
            Enumerable.Range(0, 300).Select(i => i % 2 == 0 ? 1.0 : 1000.0).ToArray(),
        ];
        foreach (var window in windows)
        {
            var sorted = window.Order().ToArray();
            var mid = sorted.Length / 2;
            var expected = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;

            Assert.Equal(expected, RobustStatistics.MedianInPlace(window.ToArray()));
        }
    }

    [Fact]
    public void Selecting_outside_the_span_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RobustStatistics.SelectInPlace(new double[3], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => RobustStatistics.SelectInPlace(new double[3], -1));
    }

    [Fact]
    public void The_trimmed_mean_ignores_a_minority_of_outliers()
    {
        var values = Enumerable.Repeat(100.0, 57).Concat([5000, 6000, -3000]).ToArray();

        var (mean, std) = RobustStatistics.TrimmedMeanStd(values);

        Assert.Equal(100, mean, 9);
        Assert.Equal(0, std, 9);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Statistics_read_off_sorted_values_are_those_selection_gives_to_the_last_bit(int length, int distinct)
    {
        var random = new Random(length * 17 + distinct);
        for (var trial = 0; trial < 20; trial++)
        {
            var values = Enumerable.Range(0, length).Select(_ => Math.Round(random.Next(distinct) * 0.25 - 40, 2)).ToArray();
            var sorted = values.Order().ToArray();
            var recent = values[^Math.Min(4, length)..];
            var older = values[..^recent.Length];

            Assert.Equal(RobustStatistics.MedianInPlace(values.ToArray()), RobustStatistics.MedianOfSorted(sorted));
            Assert.Equal(RobustStatistics.TrimmedMeanStd(values), RobustStatistics.TrimmedMeanStd(values, sorted));
            Assert.Equal(RobustStatistics.MedianInPlace(older), RobustStatistics.MedianOfSortedExcept(sorted, recent));
        }
    }
}
