using System.Text.Json;

namespace KappaAspire.Pipeline.Contracts;

/// <summary>
/// The state of every reprocessing run, folded from <see cref="Topics.Reprocessing"/> in log order: the last record per
/// model wins, and a run made current retires the one that was current before, so one record is an atomic cut-over and
/// a reader sees at most one current run whatever it read last. Not thread-safe: owners lock around it.
/// </summary>
public sealed class ReprocessingRuns
{
    private readonly Dictionary<string, ReprocessingRun> _runs = new(StringComparer.Ordinal);

    /// <summary>Every run, newest request first.</summary>
    public IReadOnlyList<ReprocessingRun> All => [.. _runs.Values.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Model, StringComparer.Ordinal)];

    /// <summary>The current output, or null while the live <see cref="Topics.Predictions"/> is.</summary>
    public ReprocessingRun? Current => _runs.Values.SingleOrDefault(r => r.State == ReprocessingState.Current);

    /// <summary>The topic readers should take predictions from.</summary>
    public string CurrentTopic => Current?.OutputTopic ?? Topics.Predictions;

    public ReprocessingRun? Find(string model) => _runs.GetValueOrDefault(model);

    /// <summary>Folds one record in.</summary>
    public void Apply(ReprocessingRun run)
    {
        if (run.State == ReprocessingState.Current)
        {
            foreach (var other in _runs.Values.Where(r => r.State == ReprocessingState.Current && r.Model != run.Model).ToList())
            {
                _runs[other.Model] = Retire(other, run.CurrentSince ?? run.UpdatedAt);
            }
        }

        _runs[run.Model] = run;
    }

    /// <summary>Folds one control-log value in; a value that is not a run is reported, never half-applied.</summary>
    /// <exception cref="JsonException">The value is not a <see cref="ReprocessingRun"/>.</exception>
    public ReprocessingRun Apply(ReadOnlySpan<byte> value)
    {
        var run = JsonSerializer.Deserialize(value, PipelineJsonContext.Default.ReprocessingRun)
            ?? throw new JsonException("A reprocessing record must be a JSON object, not null.");
        Apply(run);
        return run;
    }

    /// <summary>The record that makes <paramref name="run"/> the current output.</summary>
    public static ReprocessingRun CutOver(ReprocessingRun run, DateTimeOffset now) =>
        run with { State = ReprocessingState.Current, CurrentSince = now, UpdatedAt = now };

    /// <summary>The record that retires <paramref name="run"/>.</summary>
    public static ReprocessingRun Retire(ReprocessingRun run, DateTimeOffset now) =>
        run with { State = ReprocessingState.Retired, RetiredAt = run.RetiredAt ?? now, UpdatedAt = now };
}
