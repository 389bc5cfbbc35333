using System.Text.Json;
using System.Text.Json.Serialization;

namespace KappaAspire.Viewer.View;

/// <summary>Writes <see cref="ChartPoint"/> as <c>[timeMs, power, expected, flags]</c>: a snapshot carries thousands of them.</summary>
public sealed class ChartPointJsonConverter : JsonConverter<ChartPoint>
{
    public const int AnomalyFlag = 1;
    public const int TrueAnomalyFlag = 2;

    public override ChartPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A chart point is an array [timeMs, power, expected, flags].");
        }

        var time = ReadNext(ref reader).GetInt64();
        var power = ReadNext(ref reader).GetDouble();
        var expected = ReadNext(ref reader).GetDouble();
        var flags = ReadNext(ref reader).GetInt32();
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("A chart point has exactly four elements.");
        }

        return new ChartPoint(time, power, expected, (flags & AnomalyFlag) != 0, (flags & TrueAnomalyFlag) != 0);
    }

    public override void Write(Utf8JsonWriter writer, ChartPoint value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Time);
        // Two decimals of a watt are more than a chart can show, and halve the bytes of a full snapshot.
        writer.WriteNumberValue(Math.Round(value.Power, 2));
        writer.WriteNumberValue(Math.Round(value.Expected, 2));
        writer.WriteNumberValue((value.IsAnomaly ? AnomalyFlag : 0) | (value.IsTrueAnomaly ? TrueAnomalyFlag : 0));
        writer.WriteEndArray();
    }

    private static ref Utf8JsonReader ReadNext(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("A chart point holds four numbers.");
        }
        return ref reader;
    }
}
