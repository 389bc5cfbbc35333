using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Model.Monitoring;

/// <summary>
/// Watches one model's live verdicts: counts them against ground truth where readings carry it (all-time and over a
/// rolling window), the alarm rate per sensor, and the drift of its scores from the distribution it was trained to
/// produce (<see cref="ScoreReference"/>, PSI over the rolling window). Inference exports it, the trainer's drift watcher
/// and the viewer compute it from <c>iot_predictions</c>: one definition of every figure.
/// </summary>
/// <remarks>Not thread-safe: one writer; a reader on another thread takes the writer's lock around both calls.</remarks>
public sealed class LiveQualityMonitor
{
    public const int DefaultWindow = 10_000;
    public const int DefaultMinimumReadings = 2_000;

    /// <summary>Sensors whose alarm rate is kept; ids come from the data, so a flood of new ones must not grow it without bound.</summary>
    public const int DefaultMaxSensors = 1_024;

    // The rolling counts are a queue of tallies of consecutive blocks: a block drops out whole once the window has moved past it.
    private const int BlocksPerWindow = 10;

    private readonly EvaluationTally _total = new();
    private readonly Queue<EvaluationTally> _blocks = new();
    private readonly int _blockSize;
    private readonly double[] _scores;
    private readonly Dictionary<string, (int Readings, int Alarms)> _sensors = new(StringComparer.Ordinal);
    private readonly int _maxSensors;
    private EvaluationTally _block = new();
    private int _nextScore;
    private int _scoreCount;

    /// <param name="reference">The model's reference; null when the package has none (drift is then absent, the rest is not).</param>
    /// <param name="window">Readings of the rolling figures and the PSI.</param>
    /// <param name="minimumReadings">Readings the window must hold before a PSI is reported (at most <paramref name="window"/>).</param>
    /// <param name="maxSensors">Sensors whose alarm rate is kept.</param>
    public LiveQualityMonitor(ScoreReference? reference, int window = DefaultWindow, int minimumReadings = DefaultMinimumReadings, int maxSensors = DefaultMaxSensors)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, BlocksPerWindow);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumReadings);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumReadings, window);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSensors);
        Reference = reference;
        Window = window;
        MinimumReadings = minimumReadings;
        _maxSensors = maxSensors;
        _blockSize = window / BlocksPerWindow;
        _scores = new double[window];
    }

    public ScoreReference? Reference { get; }

    public int Window { get; }

    public int MinimumReadings { get; }

    /// <summary>Readings seen since the monitor started.</summary>
    public int Readings => _total.Examples;

    /// <param name="sensorId">The reading's sensor.</param>
    /// <param name="score">The model's score.</param>
    /// <param name="alarm">Whether the model flagged it.</param>
    /// <param name="truth">Its ground truth, when the reading carried one; only these count for precision and recall.</param>
    /// <param name="absoluteError">|actual − expected power| in W, for the live MAE.</param>
    public void Add(string sensorId, double score, bool alarm, GroundTruth? truth, double? absoluteError = null)
    {
        _total.Add(alarm, truth, absoluteError);
        _block.Add(alarm, truth, absoluteError);
        if (_block.Examples == _blockSize)
        {
            _blocks.Enqueue(_block);
            _block = new EvaluationTally();
            if (_blocks.Count == BlocksPerWindow)
            {
                _blocks.Dequeue();
            }
        }

        _scores[_nextScore] = score;
        _nextScore = (_nextScore + 1) % _scores.Length;
        _scoreCount = Math.Min(_scoreCount + 1, _scores.Length);

        if (_sensors.TryGetValue(sensorId, out var counts) || _sensors.Count < _maxSensors)
        {
            _sensors[sensorId] = (counts.Readings + 1, counts.Alarms + (alarm ? 1 : 0));
        }
    }

    /// <summary>Adds a prediction as read from <c>iot_predictions</c>: its truth is the label in <see cref="Prediction.AnomalyKind"/>.</summary>
    public void Add(Prediction prediction) =>
        Add(prediction.SensorId, prediction.Score, prediction.IsAnomaly,
            GroundTruth.TryParse(prediction.AnomalyKind, out var truth) ? truth : null,
            Math.Abs(prediction.Power - prediction.ExpectedPower));

    /// <summary>The figures now. Costs a pass over the window's scores (the PSI), so read it when shown, not per reading.</summary>
    public LiveQuality Snapshot() => Snapshot(Reference);

    /// <summary>The figures now, drift against <paramref name="reference"/>: for a reader that learns the model's reference after its first predictions.</summary>
    public LiveQuality Snapshot(ScoreReference? reference)
    {
        var recent = new EvaluationTally();
        foreach (var block in _blocks)
        {
            recent.Add(block);
        }

        recent.Add(_block);
        double? drift = reference is not null && _scoreCount >= MinimumReadings
            ? reference.Psi(_scores.Take(_scoreCount))
            : null;
        var sensors = _sensors.OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToDictionary(s => s.Key, s => Proportion.Of(s.Value.Alarms, s.Value.Readings)!, StringComparer.Ordinal);
        return new LiveQuality(_total.ToMetrics(), recent.ToMetrics(), Window, drift, _scoreCount, MinimumReadings, reference is not null, sensors);
    }
}
