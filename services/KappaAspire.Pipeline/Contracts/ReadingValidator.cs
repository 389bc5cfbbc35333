using System.Globalization;

namespace KappaAspire.Pipeline.Contracts;

/// <summary>Range checks shared by the JSON parser and the CSV source, so both reject the same readings.</summary>
/// <remarks>
/// A function of the record alone: the timestamp is judged against the timestamp of the Kafka record carrying it, never
/// against a clock, so inference live, the trainer's replay and any replay a year later reach the same verdict.
/// </remarks>
public static class ReadingValidator
{
    /// <summary>Returns null when the values are acceptable, else an <c>out of range: …</c> message.</summary>
    /// <param name="recordTimestamp">
    /// The Kafka record's timestamp (the producer's create time or the broker's log-append time); null when the record
    /// carries none, and then the reading's timestamp is checked against the fixed bounds only.
    /// </param>
    public static string? Validate(string sensorId, DateTimeOffset timestamp, double temperature, double humidity, double power, DateTimeOffset? recordTimestamp)
    {
        if (sensorId.Length is < ReadingLimits.MinSensorIdLength or > ReadingLimits.MaxSensorIdLength)
        {
            return $"out of range: sensorId length {sensorId.Length} is outside [{ReadingLimits.MinSensorIdLength}, {ReadingLimits.MaxSensorIdLength}]";
        }

        foreach (var c in sensorId)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return "out of range: sensorId contains whitespace or control characters";
            }
        }

        if (timestamp < ReadingLimits.MinTimestamp)
        {
            return $"out of range: timestamp {Format(timestamp)} is before {Format(ReadingLimits.MinTimestamp)}";
        }

        // A difference, not recorded + skew: a record stamped near DateTimeOffset.MaxValue must not overflow the check.
        if (recordTimestamp is { } recorded && timestamp - recorded > ReadingLimits.MaxFutureSkew)
        {
            return $"out of range: timestamp {Format(timestamp)} is more than {ReadingLimits.MaxFutureSkew.TotalHours:0} h after its record's timestamp {Format(recorded)}";
        }

        return CheckRange("temperature", temperature, ReadingLimits.MinTemperature, ReadingLimits.MaxTemperature)
            ?? CheckRange("humidity", humidity, ReadingLimits.MinHumidity, ReadingLimits.MaxHumidity)
            ?? CheckRange("power", power, ReadingLimits.MinPower, ReadingLimits.MaxPower);
    }

    public static string? Validate(SensorReading reading, DateTimeOffset? recordTimestamp) =>
        Validate(reading.SensorId, reading.Timestamp, reading.Temperature, reading.Humidity, reading.Power, recordTimestamp);

    private static string? CheckRange(string field, double value, double min, double max) =>
        value >= min && value <= max // false for NaN too
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"out of range: {field} {value} is outside [{min}, {max}]");

    private static string Format(DateTimeOffset timestamp) => timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
