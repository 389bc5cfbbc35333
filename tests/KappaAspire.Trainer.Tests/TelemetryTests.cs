using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using KappaAspire.Testing;
using KappaAspire.Trainer.Api;

namespace KappaAspire.Trainer.Tests;

public sealed class TelemetryTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private readonly string _registry = Path.Combine(Path.GetTempPath(), "kappa-trainer-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_run_is_counted_by_outcome_timed_and_traced()
    {
        var topic = SimulatedLog.NewTopic();
        await SimulatedLog.ProduceAsync(kafka, topic, sensors: 4, readingsPerSensor: 50);
        await using var host = await TrainerHost.StartAsync(kafka, topic, _registry);
        var meterFactory = host.Service<IMeterFactory>();

        var measurements = new ConcurrentBag<(string Instrument, double Value, string? Outcome)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            // Other hosts run in parallel: listen only to this host's meter.
            if (instrument.Meter.Name == "KappaAspire.Trainer" && instrument.Meter.Scope == meterFactory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, Outcome(tags))));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, Outcome(tags))));
        meters.SetMeasurementEventCallback<int>((i, v, tags, _) => measurements.Add((i.Name, v, Outcome(tags))));
        meters.Start();

        var activities = new ConcurrentBag<Activity>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "KappaAspire.Trainer",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(tracing);

        var run = await host.TrainAsync();
        meters.RecordObservableInstruments();

        Assert.Equal(TrainingOutcome.NotEnoughData, run.Outcome);
        Assert.Contains(measurements, m => m is ("kappa.trainer.runs", 1, TrainingOutcome.NotEnoughData));
        Assert.Contains(measurements, m => m.Instrument == "kappa.trainer.run.duration" && m.Value > 0 && m.Outcome == TrainingOutcome.NotEnoughData);
        Assert.Contains(measurements, m => m is ("kappa.trainer.replay.records", 200, null));
        Assert.Contains(measurements, m => m.Instrument == "kappa.trainer.replay.throughput" && m.Value > 0);
        Assert.Contains(measurements, m => m is ("kappa.trainer.watch.subscribers", 0, null));
        var activity = Assert.Single(activities, a => (string?)a.GetTagItem("kappa.training.run_id") == run.Id);
        Assert.Equal("training run", activity.OperationName);
        Assert.Equal(TrainingOutcome.NotEnoughData, activity.GetTagItem("kappa.training.outcome"));
        Assert.Equal(200L, activity.GetTagItem("kappa.training.records"));
    }

    private static string? Outcome(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "outcome")
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    public void Dispose()
    {
        try { Directory.Delete(_registry, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
