using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace KappaAspire.Pipeline.Contracts;

/// <summary>
/// Turns the raw UTF-8 value of a <see cref="Topics.RawData"/> record into a validated <see cref="SensorReading"/>,
/// or into an error message fit for the <see cref="PipelineHeaders.Error"/> header.
/// </summary>
/// <remarks>
/// Reads with <see cref="Utf8JsonReader"/> directly: no reflection, no intermediate DOM, and field-level errors.
/// Valid records never throw; only syntactically broken JSON goes through the reader's exception, caught here.
/// Error messages start with a category: <c>malformed JSON</c>, <c>missing field</c>, <c>invalid field</c> or <c>out of range</c>.
/// The verdict depends on the record only (its value and timestamp, see <see cref="ReadingValidator"/>): parsed live or
/// replayed later, the same record is accepted or rejected alike.
/// </remarks>
public static class ReadingParser
{
    [Flags]
    private enum Fields
    {
        None = 0,
        SensorId = 1,
        Timestamp = 2,
        Temperature = 4,
        Humidity = 8,
        Power = 16,
        All = SensorId | Timestamp | Temperature | Humidity | Power,
    }

    /// <param name="utf8Json">The record's value.</param>
    /// <param name="recordTimestamp">The record's timestamp; null when it carries none (see <see cref="ReadingValidator.Validate(string, DateTimeOffset, double, double, double, DateTimeOffset?)"/>).</param>
    public static bool TryParse(
        ReadOnlySpan<byte> utf8Json, DateTimeOffset? recordTimestamp, [NotNullWhen(true)] out SensorReading? reading, [NotNullWhen(false)] out string? error)
    {
        reading = null;
        string sensorId = "";
        DateTimeOffset timestamp = default;
        double temperature = 0, humidity = 0, power = 0;
        var seen = Fields.None;

        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "malformed JSON: expected an object";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = Identify(ref reader);
                reader.Read();
                if (field == Fields.None)
                {
                    reader.Skip(); // unknown fields are allowed, for forward compatibility
                    continue;
                }

                if ((seen & field) != 0)
                {
                    error = $"malformed JSON: duplicate field '{Name(field)}'";
                    return false;
                }

                seen |= field;
                error = field switch
                {
                    Fields.SensorId => ReadString(ref reader, out sensorId),
                    Fields.Timestamp => ReadTimestamp(ref reader, out timestamp),
                    Fields.Temperature => ReadNumber(ref reader, field, out temperature),
                    Fields.Humidity => ReadNumber(ref reader, field, out humidity),
                    _ => ReadNumber(ref reader, field, out power),
                };
                if (error is not null)
                {
                    return false;
                }
            }

            // Anything after the closing brace other than whitespace makes the reader throw here.
            if (reader.Read())
            {
                error = "malformed JSON: unexpected content after the object";
                return false;
            }
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON: {ex.Message}";
            return false;
        }

        if (seen != Fields.All)
        {
            error = $"missing field: {string.Join(", ", Enum.GetValues<Fields>().Where(f => f is not Fields.None and not Fields.All && (seen & f) == 0).Select(Name))}";
            return false;
        }

        error = ReadingValidator.Validate(sensorId, timestamp, temperature, humidity, power, recordTimestamp);
        if (error is not null)
        {
            return false;
        }

        reading = new SensorReading(sensorId, timestamp, temperature, humidity, power);
        return true;
    }

    private static Fields Identify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("sensorId"u8) ? Fields.SensorId
        : reader.ValueTextEquals("timestamp"u8) ? Fields.Timestamp
        : reader.ValueTextEquals("temperature"u8) ? Fields.Temperature
        : reader.ValueTextEquals("humidity"u8) ? Fields.Humidity
        : reader.ValueTextEquals("power"u8) ? Fields.Power
        : Fields.None;

    private static string Name(Fields field) => field switch
    {
        Fields.SensorId => "sensorId",
        Fields.Timestamp => "timestamp",
        Fields.Temperature => "temperature",
        Fields.Humidity => "humidity",
        Fields.Power => "power",
        _ => field.ToString(),
    };

    private static string? ReadString(ref Utf8JsonReader reader, out string value)
    {
        value = "";
        if (reader.TokenType != JsonTokenType.String)
        {
            return "invalid field: sensorId must be a string";
        }

        value = reader.GetString()!;
        return null;
    }

    private static string? ReadNumber(ref Utf8JsonReader reader, Fields field, out double value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out value))
        {
            return $"invalid field: {Name(field)} must be a number";
        }

        return null;
    }

    private static string? ReadTimestamp(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out value))
        {
            return "invalid field: timestamp must be an RFC 3339 date-time string";
        }

        // A timestamp without an offset would be read as machine-local time: refuse the ambiguity.
        var raw = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        if (!HasExplicitOffset(raw))
        {
            return "invalid field: timestamp must carry a UTC offset ('Z' or '+hh:mm')";
        }

        value = value.ToUniversalTime();
        return null;
    }

    private static bool HasExplicitOffset(ReadOnlySpan<byte> raw) =>
        raw.Length > 6 && (raw[^1] is (byte)'Z' or (byte)'z' || (raw[^6] is (byte)'+' or (byte)'-' && raw[^3] == (byte)':'));
}
