using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Viewer.View;

/// <summary>One sensor's latest prediction and a ring of its most recent chart points, each tagged with its sequence number.</summary>
/// <remarks>Not thread-safe: <see cref="LiveView"/> guards it.</remarks>
internal sealed class SensorSeries(string sensorId, int capacity)
{
    private readonly ChartPoint[] _points = new ChartPoint[capacity];
    private readonly long[] _sequences = new long[capacity];
    private int _next;
    private int _count;

    public string SensorId { get; } = sensorId;
    public Prediction? Latest { get; private set; }
    public long LastSequence { get; private set; }
    public long Predictions { get; private set; }
    public long Anomalies { get; private set; }

    public void Add(long sequence, Prediction prediction)
    {
        _points[_next] = new ChartPoint(
            prediction.Timestamp.ToUnixTimeMilliseconds(),
            prediction.Power,
            prediction.ExpectedPower,
            prediction.IsAnomaly,
            IsTrueAnomaly(prediction.AnomalyKind));
        _sequences[_next] = sequence;
        _next = (_next + 1) % _points.Length;
        _count = Math.Min(_count + 1, _points.Length);

        Latest = prediction;
        LastSequence = sequence;
        Predictions++;
        if (prediction.IsAnomaly)
        {
            Anomalies++;
        }
    }

    /// <summary>The points newer than <paramref name="after"/>, oldest first; the whole ring, flagged as a reset, when some were already overwritten.</summary>
    public SensorView ViewSince(long after)
    {
        var newer = 0;
        while (newer < _count && SequenceAt(_count - 1 - newer) > after)
        {
            newer++;
        }

        // A client that last saw the oldest kept point or later can extend its chart; otherwise it missed points.
        var reset = newer == _count;
        var points = new ChartPoint[newer];
        for (var i = 0; i < newer; i++)
        {
            points[i] = PointAt(_count - newer + i);
        }
        return new SensorView(SensorId, Latest!, Predictions, Anomalies, points, reset);
    }

    /// <summary>The <paramref name="index"/>-th kept point, 0 = oldest.</summary>
    private ChartPoint PointAt(int index) => _points[Slot(index)];

    private long SequenceAt(int index) => _sequences[Slot(index)];

    private int Slot(int index) => (_next - _count + index + _points.Length) % _points.Length;

    /// <summary>Ground truth says anomalous: any label but <c>normal</c> (a bare <c>anomaly</c> counts).</summary>
    internal static bool IsTrueAnomaly(string? kind) =>
        kind is not null && !kind.Equals(GroundTruth.Normal.ToLabel(), StringComparison.OrdinalIgnoreCase);
}
