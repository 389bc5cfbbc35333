namespace KappaAspire.Pipeline.Model;

/// <summary>
/// Learns <see cref="SensorProfile"/>s from unlabelled examples: scales of each signal, quantization step and repeat
/// runs per sensor (scales from out-of-sample residuals, so an overfitted tree does not make noise look surprising),
/// then a threshold per sensor from the false-alarm budget. Labels are never read here (the trainer leaves readings
/// labelled anomalous out of what it passes in).
/// </summary>
internal static class ProfileCalibration
{
    /// <summary>Fewer readings than this and a sensor uses the pooled scales.</summary>
    public const int MinimumSensorReadings = 50;

    /// <summary>
    /// Calibration readings may raise alarms at most this many times the budget, on the fleet's evidence: a sensor whose
    /// own readings are too few to resolve it takes the pooled ceiling, so routine events the fleet shows (appliances
    /// switching on) do not alarm there either. Where a sensor's own readings suffice, its conformal bound is higher.
    /// </summary>
    public const double AlarmCeiling = 3;

    /// <summary>Readings above a sensor's own ceiling it takes before that ceiling is trusted over the pooled one.</summary>
    public const int MinimumCeilingAlarms = 30;

    /// <summary>Fewer calibration scores than this and a sensor uses the pooled threshold.</summary>
    public const int MinimumThresholdReadings = 200;

    /// <param name="history">Readings whose runs, steps, shifts and course residuals describe the sensor (the training readings).</param>
    /// <param name="calibration">Out-of-sample readings with the detector's expected power and whether their conditions were novel to the model: scales and thresholds.</param>
    public static ScoringParameters Calibrate(
        IReadOnlyList<LabeledExample> history,
        IReadOnlyList<(LabeledExample Example, double Expected, bool Novel)> calibration,
        double budget,
        double minimumScore)
    {
        var steps = StepsBySensor(history, out var pooledStep);
        var runs = RunCountsBySensor(history, out var pooledRuns);
        var fleet = RepeatPrior.FromFleet(runs.Values.Select(c => RepeatRuns.FirstRepeats(c)).ToArray());

        var signals = new Dictionary<string, List<DetectorSignals>>(StringComparer.Ordinal);
        var all = new List<DetectorSignals>(calibration.Count);
        foreach (var (example, expected, novel) in calibration)
        {
            var step = steps.GetValueOrDefault(example.SensorId, pooledStep);
            var s = DetectorSignals.Of(example.Features, example.Power, expected, novel, step);
            all.Add(s);
            GetList(signals, example.SensorId).Add(s);
        }

        // Shifts and residuals against the sensor's course need no model, so the training readings describe them too
        // (five times the validation's readings): a sensor with little validation still gets scales of its own.
        var modelFree = new Dictionary<string, List<DetectorSignals>>(StringComparer.Ordinal);
        foreach (var example in history)
        {
            var step = steps.GetValueOrDefault(example.SensorId, pooledStep);
            GetList(modelFree, example.SensorId).Add(DetectorSignals.Of(example.Features, example.Power, TrainingConditions.Course(example.Features), novel: true, step));
        }

        foreach (var (sensor, sensorSignals) in signals)
        {
            GetList(modelFree, sensor).AddRange(sensorSignals);
        }

        var pooled = Profile(all, [.. modelFree.Values.SelectMany(v => v)], pooledStep, RepeatRuns.Survival(pooledRuns));
        var sensors = new Dictionary<string, SensorProfile>(StringComparer.Ordinal);
        foreach (var (sensor, sensorSignals) in signals)
        {
            var survival = RepeatRuns.Survival(runs.TryGetValue(sensor, out var counts) ? counts : [], fleet);
            var step = steps.GetValueOrDefault(sensor, pooledStep);
            var own = modelFree[sensor];
            var profile = own.Count >= MinimumSensorReadings ? Profile(sensorSignals.Count >= MinimumSensorReadings ? sensorSignals : all, own, step, survival) : pooled;
            sensors[sensor] = sensorSignals.Count >= MinimumSensorReadings
                ? profile
                : profile with { Point = pooled.Point, PointLocal = pooled.PointLocal, Step = step, RepeatSurvival = survival, Readings = sensorSignals.Count };
        }

        var parameters = new ScoringParameters(budget, minimumScore, pooled, sensors);
        // Two thresholds, each calibrated on the scale it applies to: against the model in known conditions, against the
        // sensor's course in novel ones (every validation reading scored as if its conditions were novel).
        var knownConditions = WithThresholds(parameters, signals, all);
        var novelSignals = signals.ToDictionary(s => s.Key, s => s.Value.Select(v => v.AsNovel()).ToList(), StringComparer.Ordinal);
        var novelConditions = WithThresholds(parameters, novelSignals, [.. all.Select(v => v.AsNovel())]);
        return knownConditions with
        {
            // Never more lenient in conditions the model does not know than in those it does.
            Pooled = knownConditions.Pooled with { NovelThreshold = Math.Max(novelConditions.Pooled.Threshold, knownConditions.Pooled.Threshold) },
            Sensors = knownConditions.Sensors.ToDictionary(
                s => s.Key, s => s.Value with { NovelThreshold = Math.Max(novelConditions.Sensors[s.Key].Threshold, s.Value.Threshold) }, StringComparer.Ordinal),
        };
    }

    private static ScoringParameters WithThresholds(ScoringParameters parameters, Dictionary<string, List<DetectorSignals>> signals, List<DetectorSignals> all)
    {
        var pooledScores = new List<double>(all.Count);
        var sensorScores = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var (sensor, sensorSignals) in signals)
        {
            var profile = parameters.Sensors[sensor];
            var scores = sensorSignals.Select(s => s.Score(profile)).ToList();
            sensorScores[sensor] = scores;
            pooledScores.AddRange(scores);
        }

        var budget = parameters.FalseAlarmBudget;
        var ceilingShare = AlarmCeiling * budget;
        // A sensor's own ceiling only once one anomaly episode cannot fill it (MinimumCeilingAlarms readings above it);
        // else the pooled one, under the same condition; else none.
        bool CeilingHolds(int count) => count * ceilingShare >= MinimumCeilingAlarms;
        var pooledSorted = pooledScores.Order().ToArray();
        var pooledCeiling = CeilingHolds(pooledSorted.Length) ? TailQuantile.Empirical(pooledSorted, ceilingShare) : 0;
        double Threshold(double[] sorted)
        {
            if (sorted.Length == 0)
            {
                return Math.Max(parameters.MinimumScore, pooledCeiling);
            }

            var ceiling = CeilingHolds(sorted.Length) ? TailQuantile.Empirical(sorted, ceilingShare) : pooledCeiling;
            // The extrapolation alone trusts the body to foretell the tail, which real meters' bursts break (it let 1-10 %
            // of the next readings alarm on NAB's server metrics); the conformal rank bounds the alarm rate on new normal
            // readings by the budget whatever the tail. Unlabelled anomalies among the calibration readings raise it:
            // the price of not knowing them.
            var bound = TailQuantile.Conformal(sorted, budget);
            return Math.Max(Math.Max(parameters.MinimumScore, bound), Math.Max(TailQuantile.EstimateSorted(sorted, budget), ceiling));
        }

        var pooledThreshold = Threshold(pooledSorted);
        var calibrated = parameters.WithThresholds((sensor, _) =>
            sensor is not null && sensorScores[sensor].Count >= MinimumThresholdReadings ? Threshold([.. sensorScores[sensor].Order()]) : pooledThreshold);
        return calibrated with
        {
            Pooled = calibrated.Pooled with { CalibrationReadings = pooledScores.Count },
            Sensors = calibrated.Sensors.ToDictionary(
                s => s.Key,
                s => s.Value with { CalibrationReadings = sensorScores[s.Key].Count >= MinimumThresholdReadings ? sensorScores[s.Key].Count : 0 },
                StringComparer.Ordinal),
        };
    }

    /// <param name="signals">Out-of-sample signals: the model's residual scales.</param>
    /// <param name="modelFree">Signals whose shift and course residual scales need no model (training and validation).</param>
    private static SensorProfile Profile(List<DetectorSignals> signals, List<DetectorSignals> modelFree, double step, double[] survival)
    {
        static ResidualScale Fit(List<DetectorSignals> basis, Func<DetectorSignals, double> select, double minimumScale = ResidualScale.MinimumScale)
        {
            var buffer = new double[basis.Count];
            for (var i = 0; i < basis.Count; i++)
            {
                buffer[i] = select(basis[i]);
            }

            return ResidualScale.Fit(buffer, minimumScale);
        }

        // Model residuals from readings in known conditions (all of them if too few were).
        var known = signals.Where(s => !s.Novel).ToList();
        var pointBasis = known.Count >= MinimumSensorReadings ? known : signals;
        return new SensorProfile(
            Fit(pointBasis, s => s.Point, ResidualScale.MinimumRelativeScale), Fit(pointBasis, s => s.PointLocal),
            Fit(modelFree, s => s.Shift, ResidualScale.MinimumRelativeScale), Fit(modelFree, s => s.ShiftLocal),
            Fit(modelFree, s => s.CoursePoint, ResidualScale.MinimumRelativeScale), Fit(modelFree, s => s.CoursePointLocal),
            step, survival, Threshold: 0, Readings: signals.Count, CalibrationReadings: 0);
    }

    // The 10th percentile of nonzero |Δ|: a quantized meter's step, or a small fraction of a continuous one's noise.
    private static Dictionary<string, double> StepsBySensor(IReadOnlyList<LabeledExample> history, out double pooled)
    {
        var changes = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var all = new List<double>();
        foreach (var e in history)
        {
            var change = Math.Abs(e.Power - e.Features.PreviousPower);
            if (e.Features.History > 0 && change > 0)
            {
                GetList(changes, e.SensorId).Add(change);
                all.Add(change);
            }
        }

        pooled = all.Count == 0 ? 0 : TailQuantile.Empirical([.. all.Order()], 0.9);
        return changes.ToDictionary(c => c.Key, c => TailQuantile.Empirical([.. c.Value.Order()], 0.9), StringComparer.Ordinal);
    }

    private static Dictionary<string, long[]> RunCountsBySensor(IReadOnlyList<LabeledExample> history, out long[] pooled)
    {
        var counts = new Dictionary<string, long[]>(StringComparer.Ordinal);
        pooled = new long[RepeatRuns.MaxRun + 1];
        foreach (var e in history)
        {
            if (e.Features.History == 0)
            {
                continue;
            }

            if (!counts.TryGetValue(e.SensorId, out var sensorCounts))
            {
                counts[e.SensorId] = sensorCounts = new long[RepeatRuns.MaxRun + 1];
            }

            var run = RepeatRuns.Current(e.Features, e.Power);
            sensorCounts[run]++;
            pooled[run]++;
        }

        return counts;
    }

    private static List<T> GetList<T>(Dictionary<string, List<T>> lists, string key)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        return list;
    }
}
