using KappaAspire.Pipeline.Features;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// The raw signals of one reading and their combination into one score on a z scale. Shared by training (to learn the
/// scales and calibrate thresholds) and scoring, so both compute exactly the same numbers.
/// </summary>
/// <param name="Shift">The recent median's shift from the course of the older readings, / level; its scale is learnt from this.</param>
/// <param name="ShiftLocal">The same shift / recent jitter.</param>
/// <param name="ShiftShare">How much of that shift is confirmed (0–1): also against the flat baseline, and by the reading itself.</param>
internal readonly record struct DetectorSignals(double Point, double PointLocal, double Shift, double ShiftLocal, double ShiftShare, int Run)
{
    public static DetectorSignals Of(in FeatureVector features, double power, double expectedPower, double step)
    {
        var context = features.Context;
        var jitter = Math.Max(Math.Max(context.TypicalStep, step), FeatureExtractor.MinimumUnit);
        var residual = power - expectedPower;
        var recentMedian = context.RecentMedian(power);
        var fromCourse = recentMedian - context.Baseline - context.Course;
        return new DetectorSignals(
            residual / context.Unit,
            residual / jitter,
            fromCourse / context.Unit,
            fromCourse / jitter,
            ShareConfirmed(fromCourse, recentMedian - context.Baseline, power - (recentMedian - fromCourse)),
            RepeatRuns.Current(features, power));
    }

    // A shift must stand out against where the older readings' course was taking the sensor, and also against where
    // it was (the course alone is thrown by an episode that has just left the recent readings, the flat level alone by
    // every daily ramp); and the reading must itself take part in it: one back at the baseline ends the shift even
    // while the recent median still remembers it.
    private static double ShareConfirmed(double fromCourse, double fromLevel, double current)
    {
        if (fromCourse == 0 || Math.Sign(fromLevel) != Math.Sign(fromCourse) || Math.Sign(current) != Math.Sign(fromCourse))
        {
            return 0;
        }

        var confirmed = Math.Min(Math.Abs(fromCourse), Math.Abs(fromLevel));
        return Math.Abs(current) >= confirmed / 2 ? confirmed / Math.Abs(fromCourse) : 0;
    }

    /// <summary>The largest of the point, shift and repeat surprises; each of the first two must hold relative to level and jitter alike.</summary>
    public double Score(SensorProfile profile)
    {
        var point = Math.Min(profile.Point.Z(Point), profile.PointLocal.Z(PointLocal));
        var shift = Math.Min(profile.Shift.Z(Shift * ShiftShare), profile.ShiftLocal.Z(ShiftLocal * ShiftShare));
        var repeat = RepeatRuns.Score(profile.RepeatSurvival, Run);
        var score = Math.Max(point, Math.Max(shift, repeat));
        return double.IsNaN(score) ? AnomalyScorer.MaxScore : Math.Min(score, AnomalyScorer.MaxScore);
    }
}
