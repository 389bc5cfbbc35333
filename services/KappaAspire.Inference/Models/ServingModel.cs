using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Inference.Models;

/// <summary>A verified model ready to score, with what is known about it.</summary>
/// <param name="Scorer">Thread-safe scorer shared by the consume loop.</param>
/// <param name="Metadata">The package's metadata (version, schema, metrics, hash).</param>
/// <param name="LoadedAt">When this process started serving it.</param>
internal sealed record LoadedModel(AnomalyScorer Scorer, ModelMetadata Metadata, DateTimeOffset LoadedAt)
{
    public string Version => Metadata.Version;
}

/// <summary>
/// The model in use. The subscriber swaps it atomically; the consume loop reads it once per record, so each
/// prediction is made, and labelled, with exactly one model.
/// </summary>
internal sealed class ServingModel
{
    private readonly TaskCompletionSource _firstLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoadedModel? _current;

    /// <summary>The model to score with, or null until the first one arrived.</summary>
    public LoadedModel? Current => Volatile.Read(ref _current);

    /// <summary>Completes when the first model is in place: scoring must not start (or commit) before.</summary>
    public Task FirstLoaded => _firstLoaded.Task;

    /// <summary>Puts <paramref name="next"/> in service and returns the model it replaced.</summary>
    public LoadedModel? Swap(LoadedModel next)
    {
        var previous = Interlocked.Exchange(ref _current, next);
        _firstLoaded.TrySetResult();
        return previous;
    }
}
