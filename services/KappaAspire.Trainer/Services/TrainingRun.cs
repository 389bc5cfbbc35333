using KappaAspire.Trainer.Api;

namespace KappaAspire.Trainer.Services;

/// <summary>A run in progress: its latest status (replaced whole, so readers always see a consistent snapshot) and its completion.</summary>
internal sealed class TrainingRun
{
    private readonly TaskCompletionSource<TrainingRunStatus> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TrainingRunStatus _status;

    public TrainingRun(string trigger, string reason, DateTimeOffset startedAt)
    {
        Id = Guid.CreateVersion7(startedAt).ToString("N");
        _status = new TrainingRunStatus(Id, trigger, reason, "running", TrainingPhase.Replaying, null, null, startedAt, null, null,
            null, null, null, null, null, null, false, null);
    }

    public string Id { get; }

    public TrainingRunStatus Status => Volatile.Read(ref _status);

    /// <summary>Completes with the final status; never faults (failures are an outcome).</summary>
    public Task<TrainingRunStatus> Completion => _completion.Task;

    public void Update(Func<TrainingRunStatus, TrainingRunStatus> change) => Volatile.Write(ref _status, change(_status));

    public TrainingRunStatus Complete(string outcome, string message, DateTimeOffset completedAt)
    {
        Update(s => s with
        {
            State = "completed",
            Phase = TrainingPhase.Done,
            Outcome = outcome,
            Message = message,
            CompletedAt = completedAt,
            DurationSeconds = (completedAt - s.StartedAt).TotalSeconds,
        });
        return Status;
    }

    public void Publish() => _completion.TrySetResult(Status);
}

internal static class TrainingPhase
{
    public const string Replaying = "replaying";
    public const string Training = "training";
    public const string Evaluating = "evaluating";
    public const string Storing = "storing";
    public const string Done = "done";
}
