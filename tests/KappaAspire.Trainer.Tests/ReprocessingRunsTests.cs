using System.Text;
using System.Text.Json;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Trainer.Tests;

/// <summary>The control log folded into runs: the last record per model wins, and one record is a whole cut-over.</summary>
public sealed class ReprocessingRunsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_requested_run_is_named_after_its_model()
    {
        var run = ReprocessingRun.Request("v0007", T0);

        Assert.Equal(("v0007", "iot_predictions.v0007", "reprocessing.v0007", ReprocessingState.Requested), (run.Model, run.OutputTopic, run.ConsumerGroup, run.State));
        Assert.True(run.IsActive);
    }

    [Fact]
    public void The_last_record_per_model_wins()
    {
        var runs = new ReprocessingRuns();
        var requested = ReprocessingRun.Request("v0007", T0);

        runs.Apply(requested);
        runs.Apply(requested with { State = ReprocessingState.Running, UpdatedAt = T0.AddSeconds(5) });

        Assert.Equal(ReprocessingState.Running, Assert.Single(runs.All).State);
    }

    [Fact]
    public void Live_inference_output_is_current_until_a_run_is_cut_over_to()
    {
        var runs = new ReprocessingRuns();
        runs.Apply(ReprocessingRun.Request("v0007", T0));
        Assert.Null(runs.Current);
        Assert.Equal("iot_predictions", runs.CurrentTopic);

        runs.Apply(ReprocessingRuns.CutOver(runs.Find("v0007")!, T0.AddMinutes(1)));

        Assert.Equal("v0007", runs.Current?.Model);
        Assert.Equal("iot_predictions.v0007", runs.CurrentTopic);
    }

    [Fact]
    public void A_cut_over_record_alone_retires_the_previous_current_run()
    {
        var runs = new ReprocessingRuns();
        runs.Apply(ReprocessingRuns.CutOver(ReprocessingRun.Request("v0007", T0), T0.AddMinutes(1)));
        runs.Apply(ReprocessingRun.Request("v0008", T0.AddMinutes(2)));

        // As a reader would see it after a trainer crash between the cut-over record and the retirement record.
        runs.Apply(ReprocessingRuns.CutOver(runs.Find("v0008")!, T0.AddMinutes(3)));

        Assert.Equal("v0008", runs.Current?.Model);
        var old = runs.Find("v0007")!;
        Assert.Equal((ReprocessingState.Retired, T0.AddMinutes(3)), (old.State, old.RetiredAt));
        Assert.False(old.IsActive);
        Assert.Equal(["v0008", "v0007"], runs.All.Select(r => r.Model));
    }

    [Fact]
    public void Retiring_keeps_the_first_retirement_time()
    {
        var retired = ReprocessingRuns.Retire(ReprocessingRun.Request("v0007", T0), T0.AddMinutes(1));

        var again = ReprocessingRuns.Retire(retired, T0.AddMinutes(5));

        Assert.Equal((T0.AddMinutes(1), T0.AddMinutes(5)), (again.RetiredAt, again.UpdatedAt));
    }

    [Fact]
    public void A_record_round_trips_through_the_control_log_json_with_states_as_words()
    {
        var run = ReprocessingRuns.CutOver(ReprocessingRun.Request("v0007", T0), T0.AddMinutes(1));
        var json = JsonSerializer.SerializeToUtf8Bytes(run, PipelineJsonContext.Default.ReprocessingRun);

        var runs = new ReprocessingRuns();
        var applied = runs.Apply(json);

        Assert.Contains("\"state\":\"current\"", Encoding.UTF8.GetString(json));
        Assert.Equal(run, applied);
        Assert.Equal(run, runs.Current);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"model\":\"v0007\",\"state\":\"paused\"}")]
    public void A_value_that_is_not_a_run_is_refused_and_changes_nothing(string value)
    {
        var runs = new ReprocessingRuns();

        Assert.Throws<JsonException>(() => runs.Apply(Encoding.UTF8.GetBytes(value)));
        Assert.Empty(runs.All);
    }
}
