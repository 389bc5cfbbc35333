using System.Collections.Concurrent;
using System.Diagnostics;
using KappaAspire.ServiceDefaults.Kafka;

namespace KappaAspire.ServiceDefaults.Tests;

/// <summary>
/// Tests that listen to the KappaAspire.Kafka activity source: listeners are process-wide, so these run one at a time
/// (and not alongside each other's spans).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ActivityListeningCollection
{
    public const string Name = "Activity listening";
}

/// <summary>Records every stopped KappaAspire.Kafka span while alive.</summary>
internal sealed class ActivityRecorder : IDisposable
{
    private readonly ActivityListener _listener;

    public ActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KafkaTelemetry.ActivitySourceName,
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ConcurrentBag<Activity> Stopped { get; } = [];

    public void Dispose() => _listener.Dispose();
}
