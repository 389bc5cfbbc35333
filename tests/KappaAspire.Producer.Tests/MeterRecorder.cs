using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace KappaAspire.Producer.Tests;

/// <summary>Sums the long measurements of one meter's instruments, by instrument and tag set.</summary>
internal sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new();

    public MeterRecorder(string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + string.Concat(tags.ToArray().Select(t => $"|{t.Key}={t.Value}"));
            _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    /// <summary>E.g. <c>Sum("kappa.producer.readings|outcome=acknowledged")</c>.</summary>
    public long Sum(string instrumentAndTags) => _sums.GetValueOrDefault(instrumentAndTags);

    public void Dispose() => _listener.Dispose();
}
