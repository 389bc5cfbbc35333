namespace KappaAspire.Pipeline.Contracts;

/// <summary>One measurement from one sensor: the value of a record on <see cref="Topics.RawData"/>.</summary>
/// <param name="SensorId">Sensor identity; also the Kafka key, so each sensor's readings stay ordered.</param>
/// <param name="Timestamp">When the sensor measured, in UTC.</param>
/// <param name="Temperature">Air temperature in °C.</param>
/// <param name="Humidity">Relative humidity in %RH.</param>
/// <param name="Power">Electrical power draw in W.</param>
public sealed record SensorReading(
    string SensorId,
    DateTimeOffset Timestamp,
    double Temperature,
    double Humidity,
    double Power);
