using System.Collections.Immutable;

namespace KappaAspire.Pipeline.Features;

/// <summary>
/// The contract between training and serving: which features, in which order, from how much history.
/// Bump <see cref="Version"/> on any change here or in <see cref="FeatureExtractor"/>: inference refuses models
/// trained on another version, and the trainer replays the log to build a model for the new one.
/// </summary>
public static class FeatureSchema
{
    /// <summary>
    /// 2: power features relative to the sensor's level, scoring context for repeats and level shifts. No time-of-week
    /// feature: a log holds few weeks, and trees split on such a feature as a proxy for the date; the level follows
    /// weekly cycles instead.
    /// </summary>
    public const int Version = 2;

    /// <summary>Number of past readings per sensor the rolling features look at.</summary>
    public const int WindowSize = 32;

    /// <summary>
    /// Readings per sensor needed to rebuild state exactly: every feature depends only on the last
    /// <see cref="WindowSize"/> readings, so feeding the last <see cref="WarmupWindow"/> readings of a sensor gives
    /// bit-for-bit the vector that the whole history would. A vector is <see cref="FeatureVector.IsWarm"/> from then on.
    /// </summary>
    public const int WarmupWindow = WindowSize;

    /// <summary>
    /// Readings (the current one included) whose median the level-shift signal takes: a shift shows after three readings,
    /// and one or two spikes among them move nothing.
    /// </summary>
    public const int RecentWindow = 5;

    public const int Temperature = 0;
    public const int Humidity = 1;
    public const int HourSin = 2;
    public const int HourCos = 3;
    public const int LogLevel = 4;
    public const int RelativeStd = 5;
    public const int RelativeStep = 6;
    public const int PreviousVsLevel = 7;
    public const int RecentVsLevel = 8;
    public const int TemperatureDelta = 9;
    public const int TemperatureVsWindow = 10;

    /// <summary>Number of model features.</summary>
    public const int Count = 11;

    /// <summary>
    /// Feature names by index. None contains the reading's own power: the model predicts that power, so using it would leak the target.
    /// Power features are relative to the sensor's level (<see cref="ScoringContext.Level"/>), so sensors of 50 W and of 20 kW share the trees.
    /// </summary>
    public static ImmutableArray<string> Names { get; } =
    [
        "temperature",          // °C, this reading
        "humidity",             // %RH, this reading
        "hourSin",              // time of day (UTC) on the unit circle, so 23:59 is next to 00:00
        "hourCos",
        "logLevel",             // log10 of the sensor's recent level: lets the trees tell small loads from large ones
        "relativeStd",          // robust standard deviation of the past window / level
        "relativeStep",         // median |Δ| between consecutive past readings / level: the sensor's jitter
        "previousVsLevel",      // (previous power − level) / level: short-term persistence
        "recentVsLevel",        // (mean of the last few past powers − level) / level: where the sensor is heading
        "temperatureDelta",     // this temperature minus the previous reading's
        "temperatureVsWindow",  // this temperature minus the past window's mean: corrects the level's lag
    ];
}
