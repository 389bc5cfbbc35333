namespace KappaAspire.Bench.Tests;

public sealed class BenchRecordTests
{
    [Fact]
    public void A_run_replaces_the_previous_latest_run_of_its_benchmark_only()
    {
        var document = "# Benchmarks\n\n<!-- latest:broker -->\nold broker\n<!-- /latest:broker -->\n\nhistory\n\n<!-- latest:replay -->\nold replay\n<!-- /latest:replay -->\n";

        var updated = BenchRecord.ReplaceLatest(document, "broker", "new broker\n");

        Assert.Equal("# Benchmarks\n\n<!-- latest:broker -->\nnew broker\n<!-- /latest:broker -->\n\nhistory\n\n<!-- latest:replay -->\nold replay\n<!-- /latest:replay -->\n", updated);
    }

    [Fact]
    public void A_benchmark_without_a_region_yet_gets_one_at_the_end()
    {
        var updated = BenchRecord.ReplaceLatest("# Benchmarks\n", "e2e", "figures\n");

        Assert.Equal("# Benchmarks\n\n<!-- latest:e2e -->\nfigures\n<!-- /latest:e2e -->\n", updated);
    }
}
