namespace KappaAspire.Bench.Tests;

public sealed class E2eSustainedRuleTests
{
    private static E2eStep Step(double produced = 60_000, double predictions = 60_000, long backlogStart = 1_000, long backlogEnd = 1_000, double p99 = 40) =>
        new("step", 60_000, 20, produced, predictions, LagStart: 0, LagEnd: 0, backlogStart, backlogEnd, ProducerFailed: 0,
            Received: new Percentiles(10_000, 10, 20, p99, p99 + 1), Created: new Percentiles(10_000, 5, 10, 15, 20),
            Usage: [new ProcessSampler.Usage("inference-1", CpuPercent: 90, RssMiB: 200)]);

    [Fact]
    public void A_step_that_keeps_up_within_every_bound_is_sustained()
    {
        var step = Step(predictions: 58_900, backlogEnd: 1_000 + 29_000, p99: 249);

        Assert.True(step.Sustained);
        Assert.Empty(step.Failures);
    }

    [Fact]
    public void Predictions_below_98_percent_of_readings_are_named()
    {
        var failure = Assert.Single(Step(predictions: 58_700).Failures);

        Assert.Contains("predictions 97.8 % of readings", failure);
    }

    [Fact]
    public void A_backlog_that_grew_by_more_than_half_a_second_of_input_is_named()
    {
        var failure = Assert.Single(Step(backlogEnd: 1_000 + 30_001).Failures);

        Assert.Contains("backlog grew by 30,001 readings", failure);
    }

    [Fact]
    public void A_p99_above_250_ms_is_named_and_every_failed_condition_is_listed()
    {
        var step = Step(predictions: 30_000, backlogEnd: 900_000, p99: 565);

        Assert.False(step.Sustained);
        Assert.Equal(3, step.Failures.Count);
        Assert.Contains(step.Failures, f => f.Contains("p99 565 ms"));
    }

    [Fact]
    public void A_step_without_any_prediction_received_is_not_sustained()
    {
        var step = Step() with { Received = new Percentiles(0, 0, 0, 0, 0) };

        Assert.Contains("no prediction received", step.Failures);
    }

    [Fact]
    public void Cpu_per_reading_is_the_process_cpu_time_divided_by_readings_produced()
    {
        var step = Step(produced: 50_000);

        // 90 % of a core = 0.9 s of CPU per second, over 50,000 readings per second.
        Assert.Equal(18, step.CpuMicrosecondsPerReading(step.Usage[0]), 9);
    }
}
