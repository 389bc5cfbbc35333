using KappaAspire.Pipeline.Features;

namespace KappaAspire.Pipeline.Tests;

/// <summary>A sorted window is the window's values in order, whatever came before them.</summary>
public sealed class SortedWindowTests
{
    [Fact]
    public void It_holds_the_last_values_in_order_and_in_sequence_as_values_come_and_go()
    {
        var random = new Random(7);
        var window = new SortedWindow(32);
        var all = new List<double>();
        for (var i = 0; i < 2_000; i++)
        {
            var value = random.Next(6) * 0.5; // few distinct values: ties come and go all the time
            window.Add(value);
            all.Add(value);

            var last = all.TakeLast(32).ToArray();
            Assert.Equal(last.Order().ToArray(), window.Sorted.ToArray());
            Assert.Equal(last, window.CopyChronological(new double[32]).ToArray());
            Assert.True(window.IsOrdered);
        }
    }

    [Fact]
    public void A_window_rebuilt_from_its_last_values_is_the_same_window()
    {
        var random = new Random(11);
        var values = Enumerable.Range(0, 500).Select(_ => Math.Round(random.NextDouble() * 100, 1)).ToArray();
        var fromHistory = new SortedWindow(32);
        var rebuilt = new SortedWindow(32);

        foreach (var value in values)
        {
            fromHistory.Add(value);
        }

        foreach (var value in values[^32..])
        {
            rebuilt.Add(value);
        }

        Assert.Equal(fromHistory.Sorted.ToArray(), rebuilt.Sorted.ToArray());
    }

    [Fact]
    public void A_non_finite_value_leaves_the_order_to_the_finite_ones_until_it_leaves()
    {
        var window = new SortedWindow(3);
        window.Add(3);
        window.Add(double.NaN);
        window.Add(1);

        Assert.False(window.IsOrdered);
        Assert.Equal([1.0, 3.0], window.Sorted.ToArray());

        window.Add(2); // 3 leaves
        window.Add(5); // NaN leaves

        Assert.True(window.IsOrdered);
        Assert.Equal([1.0, 2.0, 5.0], window.Sorted.ToArray());
    }
}
