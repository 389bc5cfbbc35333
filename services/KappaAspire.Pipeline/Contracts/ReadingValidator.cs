using System.Globalization;

namespace KappaAspire.Pipeline.Contracts;

/// <summary>Range checks shared by the JSON parser and the CSV source, so both reject the same readings.</summary>
public static class ReadingValidator
{
    /// <summary>Returns null when the values are acceptable, else an <c>out of range: …</c> message.</summary>
    public static string? Validate(string sensorId, DateTimeOffset timestamp, double temperature, double humidity, double power, DateTimeOffset now)
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

        if (timestamp > now + ReadingLimits.MaxFutureSkew)
        {
            return $"out of range: timestamp {Format(timestamp)} is more than {ReadingLimits.MaxFutureSkew.TotalHours:0} h in the future";
        }

        return CheckRange("temperature", temperature, ReadingLimits.MinTemperature, ReadingLimits.MaxTemperature)
            ?? CheckRange("humidity", humidity, ReadingLimits.MinHumidity, ReadingLimits.MaxHumidity)
            ?? CheckRange("power", power, ReadingLimits.MinPower, ReadingLimits.MaxPower);
    }

    public static string? Validate(SensorReading reading, DateTimeOffset now) =>
        Validate(reading.SensorId, reading.Timestamp, reading.Temperature, reading.Humidity, reading.Power, now);

    private static string? CheckRange(string field, double value, double min, double max) =>
        value >= min && value <= max // false for NaN too
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"out of range: {field} {value} is outside [{min}, {max}]");

    private static string Format(DateTimeOffset timestamp) => timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
