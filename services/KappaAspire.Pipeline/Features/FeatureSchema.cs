using System.Collections.Immutable;

namespace KappaAspire.Pipeline.Features;

/// <summary>
/// The contract between training and serving: which features, in which order, from how much history.
/// Bump <see cref="Version"/> on any change here or in <see cref="FeatureExtractor"/>: inference refuses models
/// trained on another version, and the trainer replays the log to build a model for the new one.
/// </summary>
public static class FeatureSchema
{
    public const int Version = 1;

    /// <summary>Number of past readings per sensor the rolling features look at.</summary>
    public const int WindowSize = 32;

    /// <summary>
    /// Readings per sensor needed to rebuild state exactly: every feature depends only on the last
    /// <see cref="WindowSize"/> readings, so feeding the last <see cref="WarmupWindow"/> readings of a sensor gives
    /// bit-for-bit the vector that the whole history would. A vector is <see cref="FeatureVector.IsWarm"/> from then on.
    /// </summary>
    public const int WarmupWindow = WindowSize;

    public const int Temperature = 0;
    public const int Humidity = 1;
    public const int HourSin = 2;
    public const int HourCos = 3;
    public const int RollingMeanPower = 4;
    public const int RollingStdPower = 5;
    public const int TemperatureDelta = 6;
    public const int TemperatureVsWindow = 7;

    /// <summary>Number of model features.</summary>
    public const int Count = 8;

    /// <summary>
    /// Feature names by index. None contains the reading's own power: the model predicts that power, so using it would leak the target.
    /// </summary>
    public static ImmutableArray<string> Names { get; } =
    [
        "temperature",          // °C, this reading
        "humidity",             // %RH, this reading
        "hourSin",              // time of day (UTC) on the unit circle, so 23:59 is next to 00:00
        "hourCos",
        "rollingMeanPower",     // robust mean of the past window's powers: the sensor's recent level
        "rollingStdPower",      // robust standard deviation of the same
        "temperatureDelta",     // this temperature minus the previous reading's
        "temperatureVsWindow",  // this temperature minus the past window's mean: corrects the level's lag
    ];
}
