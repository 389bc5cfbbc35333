using KappaAspire.Pipeline.Features;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// The raw signals of one reading and their combination into one score on a z scale. Shared by training (to learn the
/// scales and calibrate thresholds) and scoring, so both compute exactly the same numbers.
/// </summary>
/// <param name="Shift">The recent median's shift from the course of the older readings, / level; its scale is learnt from this.</param>
/// <param name="ShiftLocal">The same shift / recent jitter.</param>
/// <param name="ShiftShare">How much of that shift is confirmed (0–1): also against the flat baseline, and by the reading itself.</param>
/// <param name="Novel">The conditions were outside the model's training: <see cref="Point"/> is then against the sensor's course.</param>
/// <param name="CoursePoint">Residual against the sensor's course (<see cref="TrainingConditions.Course"/>), / level: its scale judges novel readings.</param>
/// <param name="CoursePointLocal">The same / recent jitter.</param>
internal readonly record struct DetectorSignals(
    double Point, double PointLocal, double Shift, double ShiftLocal, double ShiftShare, int Run, bool Novel, double CoursePoint, double CoursePointLocal)
{
    public static DetectorSignals Of(in FeatureVector features, double power, double expectedPower, bool novel, double step)
    {
        var context = features.Context;
        var jitter = Math.Max(Math.Max(context.TypicalStep, step), FeatureExtractor.MinimumUnit);
        // A sensor idling at zero has no level to be relative to: its resolution (step) is the least unit.
        var unit = Math.Max(context.Unit, step);
        var residual = power - expectedPower;
        var courseResidual = power - TrainingConditions.Course(features);
        var recentMedian = context.RecentMedian(power);
        var fromCourse = recentMedian - context.Baseline - context.Course;
        return new DetectorSignals(
            residual / unit,
            residual / jitter,
            fromCourse / unit,
            fromCourse / jitter,
            ShareConfirmed(fromCourse, recentMedian - context.Baseline, power - (recentMedian - fromCourse), residual),
            RepeatRuns.Current(features, power),
            novel,
            courseResidual / unit,
            courseResidual / jitter);
    }

    // A shift must stand out against where the older readings' course was taking the sensor, and also against where
    // it was (the course alone is thrown by an episode that has just left the recent readings, the flat level alone by
    // every daily ramp); and the reading must itself take part in it: one back at the baseline ends the shift even
    // while the recent median still remembers it.
    // The model must not expect it either: a daily step it predicts is no shift.
    private static double ShareConfirmed(double fromCourse, double fromLevel, double current, double residual)
    {
        if (fromCourse == 0 || Math.Sign(fromLevel) != Math.Sign(fromCourse) || Math.Sign(current) != Math.Sign(fromCourse)
            || Math.Sign(residual) != Math.Sign(fromCourse))
        {
            return 0;
        }

        // Confirmed as far as the model's residual backs it: a model that follows part of a drift (it sees the recent
        // level) still leaves a residual of the drift's direction, and half the shift must show in it.
        var confirmed = Math.Min(Math.Min(Math.Abs(fromCourse), Math.Abs(fromLevel)), 2 * Math.Abs(residual));
        return Math.Abs(current) >= confirmed / 2 ? confirmed / Math.Abs(fromCourse) : 0;
    }

    /// <summary>The same reading judged as if its conditions were novel: against the sensor's course.</summary>
    public DetectorSignals AsNovel() => this with { Novel = true, Point = CoursePoint, PointLocal = CoursePointLocal };

    /// <summary>The largest of the point, shift and repeat surprises; each of the first two must hold relative to level and jitter alike.</summary>
    public double Score(SensorProfile profile)
    {
        var (expectation, repeat) = Surprises(profile);
        return Math.Max(expectation, repeat);
    }

    /// <summary>
    /// The surprises that rest on the expectation (point and shift: against the model, or against the sensor's course in
    /// novel conditions, where the shift is confirmed by that course instead of the model) apart from the repeat run's,
    /// which rests on nothing but the sensor's history: a stuck meter is as surprising whatever the temperature.
    /// Capped like <see cref="Score"/>.
    /// </summary>
    public (double Expectation, double Repeat) Surprises(SensorProfile profile)
    {
        // A residual against the sensor's course is wider than one against the model: judged on its own scale.
        var point = Novel
            ? Math.Min(profile.NovelPoint.Z(Point), profile.NovelPointLocal.Z(PointLocal))
            : Math.Min(profile.Point.Z(Point), profile.PointLocal.Z(PointLocal));
        var shift = Math.Min(profile.Shift.Z(Shift * ShiftShare), profile.ShiftLocal.Z(ShiftLocal * ShiftShare));
        var repeat = RepeatRuns.Score(profile.RepeatSurvival, Run);
        return (Cap(Math.Max(point, shift)), Cap(repeat));
    }

    private static double Cap(double score) => double.IsNaN(score) ? AnomalyScorer.MaxScore : Math.Min(score, AnomalyScorer.MaxScore);
}
