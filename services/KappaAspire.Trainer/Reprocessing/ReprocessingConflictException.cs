using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Trainer.Reprocessing;

/// <summary>The request contradicts a run's state (e.g. a second run of a model, a cut-over before catching up): HTTP 409.</summary>
internal sealed class ReprocessingConflictException(string message, ReprocessingRun? run) : InvalidOperationException(message)
{
    public ReprocessingRun? Run { get; } = run;
}
