namespace KappaAspire.Pipeline.Model;

/// <summary>
/// What is normal for one sensor (or, as <see cref="ScoringParameters.Pooled"/>, for a sensor the model has not seen),
/// learnt from unlabelled history. Each signal is taken two ways, relative to the sensor's level and relative to its
/// recent jitter, and a reading must be surprising both ways: a meter whose noise follows its load and one whose noise
/// comes in bursts are then both judged on their own terms.
/// </summary>
/// <param name="Point">Residual (actual − expected power) / level.</param>
/// <param name="PointLocal">Residual / recent jitter (floored by <see cref="Step"/>).</param>
/// <param name="Shift">Mean of the last few readings minus the earlier window's median, / level: a sustained deviation.</param>
/// <param name="ShiftLocal">The same shift / recent jitter.</param>
/// <param name="NovelPoint">Residual against the sensor's own course / level: judges readings in conditions the model never saw.</param>
/// <param name="NovelPointLocal">The same / recent jitter.</param>
/// <param name="Step">The sensor's quantization step in W: the 10th percentile of its nonzero changes.</param>
/// <param name="RepeatSurvival"><see cref="RepeatRuns.Survival(ReadOnlySpan{long})"/>: how rare each length of exact repeats is for it.</param>
/// <param name="Threshold">Score from which a reading is an alarm: the false-alarm budget's quantile, at least <see cref="ScoringParameters.MinimumScore"/>.</param>
/// <param name="NovelThreshold">The same for readings in conditions the model never saw, judged against the sensor's course.</param>
/// <param name="Readings">Readings the scales rest on.</param>
/// <param name="CalibrationReadings">Validation readings the threshold rests on (0: it is the pooled threshold).</param>
public sealed record SensorProfile(
    ResidualScale Point,
    ResidualScale PointLocal,
    ResidualScale Shift,
    ResidualScale ShiftLocal,
    ResidualScale NovelPoint,
    ResidualScale NovelPointLocal,
    double Step,
    IReadOnlyList<double> RepeatSurvival,
    double Threshold,
    int Readings,
    int CalibrationReadings,
    double NovelThreshold = 0);
