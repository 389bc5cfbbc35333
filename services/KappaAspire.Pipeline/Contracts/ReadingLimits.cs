namespace KappaAspire.Pipeline.Contracts;

/// <summary>The accepted range of every reading field; records outside go to the dead-letter topic.</summary>
public static class ReadingLimits
{
    public const int MinSensorIdLength = 1;
    public const int MaxSensorIdLength = 64;
    public const double MinTemperature = -50;
    public const double MaxTemperature = 100;
    public const double MinHumidity = 0;
    public const double MaxHumidity = 100;
    public const double MinPower = 0;
    public const double MaxPower = 100_000;

    /// <summary>Earliest plausible timestamp: anything before is a default or garbage value.</summary>
    public static readonly DateTimeOffset MinTimestamp = DateTimeOffset.UnixEpoch;

    /// <summary>
    /// How far a reading's timestamp may be ahead of the timestamp of the Kafka record carrying it (the sensor's clock
    /// against the producer's or the broker's): a bound on the record, not on the clock of whoever reads it.
    /// </summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromDays(1);
}
