using KappaAspire.Pipeline.Contracts;
using KappaAspire.Viewer.Services;
using Microsoft.Extensions.Options;

namespace KappaAspire.Viewer.View;

/// <summary>
/// The in-memory view of <c>iot_predictions</c>: latest prediction and recent chart points per sensor, recent anomalies,
/// totals, rates and the model version. Every accepted prediction gets the next sequence number, so each reader asks
/// only for what changed since the sequence it last saw (<see cref="DeltaSince"/>) and no per-client queue is needed.
/// </summary>
/// <remarks>One writer (the consume loop) and many readers (page updates); a single lock keeps it simple and cheap.</remarks>
internal sealed partial class LiveView
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SensorSeries> _sensors = new(StringComparer.Ordinal);
    private readonly AnomalyRow[] _anomalies;
    private readonly SlidingRate _predictionRate;
    private readonly SlidingRate _anomalyRate;
    private readonly ModelQualityTracker _quality = new();
    private readonly ModelCatalog _catalog;
    private readonly ViewerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveView> _logger;
    private int _nextAnomaly;
    private int _anomalyCount;
    private long _sequence;
    private long _totalPredictions;
    private long _totalAnomalies;
    private long _invalidPredictions;
    private string? _modelVersion;
    private DateTimeOffset? _lastPredictionAt;
    private bool _sensorLimitLogged;

    public LiveView(IOptions<ViewerOptions> options, ModelCatalog catalog, TimeProvider time, ILogger<LiveView> logger)
    {
        _catalog = catalog;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _anomalies = new AnomalyRow[_options.RecentAnomalies];
        _predictionRate = new SlidingRate(_options.RateWindow, time);
        _anomalyRate = new SlidingRate(_options.RateWindow, time);
    }

    /// <summary>Sequence number of the newest prediction in the view (0 before the first).</summary>
    public long Sequence
    {
        get
        {
            lock (_gate)
            {
                return _sequence;
            }
        }
    }

    public void Add(Prediction prediction)
    {
        lock (_gate)
        {
            var sequence = ++_sequence;
            _totalPredictions++;
            _predictionRate.Add();
            _modelVersion = prediction.ModelVersion;
            _lastPredictionAt = _time.GetUtcNow();
            _quality.Add(prediction);

            if (SeriesFor(prediction.SensorId) is { } series)
            {
                series.Add(sequence, prediction);
            }

            if (prediction.IsAnomaly)
            {
                _totalAnomalies++;
                _anomalyRate.Add();
                _anomalies[_nextAnomaly] = new AnomalyRow(
                    sequence, prediction.SensorId, prediction.Timestamp, prediction.Power, prediction.ExpectedPower,
                    prediction.Score, prediction.AnomalyKind, prediction.ModelVersion, prediction.SourcePartition, prediction.SourceOffset);
                _nextAnomaly = (_nextAnomaly + 1) % _anomalies.Length;
                _anomalyCount = Math.Min(_anomalyCount + 1, _anomalies.Length);
            }
        }
    }

    /// <summary>Counts a record that could not be read as a prediction (shown on the page, so bad input is visible).</summary>
    public void AddInvalid()
    {
        lock (_gate)
        {
            _invalidPredictions++;
        }
    }

    /// <summary>Everything after <paramref name="sequence"/>; 0 gives the whole view, every sensor marked as a reset.</summary>
    public ViewDelta DeltaSince(long sequence)
    {
        lock (_gate)
        {
            var sensors = new List<SensorView>();
            foreach (var series in _sensors.Values)
            {
                if (series.LastSequence > sequence)
                {
                    sensors.Add(series.ViewSince(sequence));
                }
            }
            sensors.Sort(static (a, b) => string.CompareOrdinal(a.SensorId, b.SensorId));

            var anomalies = new List<AnomalyRow>();
            for (var i = 1; i <= _anomalyCount; i++)
            {
                var row = _anomalies[(_nextAnomaly - i + _anomalies.Length) % _anomalies.Length];
                if (row.Sequence <= sequence)
                {
                    break; // newest first: the rest are older still
                }
                anomalies.Add(row);
            }

            // The serving model is the promoted one; until the catalog says which, the one in the latest prediction.
            var catalog = _catalog.Current;
            var serving = catalog.Promoted ?? _modelVersion;
            var quality = serving is null ? null : _quality.View(serving, _catalog.ReferenceFor(serving));
            return new ViewDelta(Math.Max(sequence, _sequence), CountersLocked(), _modelVersion, sensors, anomalies, quality);
        }
    }

    public ViewCounters Counters()
    {
        lock (_gate)
        {
            return CountersLocked();
        }
    }

    private ViewCounters CountersLocked() => new(
        Math.Round(_predictionRate.PerSecond(), 1),
        Math.Round(_anomalyRate.PerSecond(), 2),
        _totalPredictions,
        _totalAnomalies,
        _invalidPredictions,
        _sensors.Count,
        _lastPredictionAt);

    private SensorSeries? SeriesFor(string sensorId)
    {
        if (_sensors.TryGetValue(sensorId, out var series))
        {
            return series;
        }

        // Sensor ids come from the data: a flood of distinct ids must not grow the view (or the page) without bound.
        if (_sensors.Count >= _options.MaxSensors)
        {
            if (!_sensorLimitLogged)
            {
                _sensorLimitLogged = true;
                LogSensorLimit(_logger, _options.MaxSensors, sensorId);
            }
            return null;
        }

        series = new SensorSeries(sensorId, _options.PointsPerSensor);
        _sensors.Add(sensorId, series);
        return series;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Charting at most {MaxSensors} sensors (Viewer:MaxSensors); {SensorId} and later new sensors are counted and listed but get no chart")]
    private static partial void LogSensorLimit(ILogger logger, int maxSensors, string sensorId);
}
