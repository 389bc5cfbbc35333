using System.Text;
using System.Text.Json;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Tests;

public sealed class ReadingParserTests
{
    // The timestamp of the Kafka record carrying the reading: the reference of the timestamp checks.
    private static readonly DateTimeOffset RecordedAt = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private const string Valid = """{"sensorId":"sensor-01","timestamp":"2025-06-01T10:00:00Z","temperature":24.5,"humidity":48.2,"power":1830.25}""";

    private static (bool Ok, SensorReading? Reading, string? Error) Parse(string json, DateTimeOffset? recordedAt)
    {
        var ok = ReadingParser.TryParse(Encoding.UTF8.GetBytes(json), recordedAt, out var reading, out var error);
        return (ok, reading, error);
    }

    private static (bool Ok, SensorReading? Reading, string? Error) Parse(string json) => Parse(json, RecordedAt);

    [Fact]
    public void A_valid_reading_is_parsed_with_every_field()
    {
        var (ok, reading, error) = Parse(Valid);

        Assert.True(ok, error);
        Assert.Equal(new SensorReading("sensor-01", new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero), 24.5, 48.2, 1830.25), reading);
        Assert.Null(error);
    }

    [Fact]
    public void What_the_source_generated_serializer_writes_the_parser_reads_back()
    {
        var original = new SensorReading("s-9", new DateTimeOffset(2025, 5, 31, 23, 59, 59, 123, TimeSpan.Zero), -3.25, 99.5, 0);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(original, PipelineJsonContext.Default.SensorReading);

        Assert.True(ReadingParser.TryParse(bytes, RecordedAt, out var parsed, out var error), error);
        Assert.Equal(original, parsed);
        Assert.Contains("\"sensorId\"", Encoding.UTF8.GetString(bytes)); // camelCase on the wire
    }

    [Fact]
    public void Offsets_are_normalized_to_utc_and_unknown_fields_are_ignored()
    {
        var (ok, reading, error) = Parse("""{"firmware":{"v":[1,2]},"sensorId":"a","timestamp":"2025-06-01T12:00:00+02:00","temperature":1,"humidity":2,"power":3}""");

        Assert.True(ok, error);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero), reading!.Timestamp);
        Assert.Equal(TimeSpan.Zero, reading.Timestamp.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"sensorId":"a","timestamp":"2025-06-01T10:00:00Z","temperature":1""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"sensorId":"a","timestamp":"2025-06-01T10:00:00Z","temperature":1,"humidity":2,"power":3} trailing""")]
    [InlineData("""{"sensorId":"a","sensorId":"b","timestamp":"2025-06-01T10:00:00Z","temperature":1,"humidity":2,"power":3}""")]
    public void Malformed_json_is_reported_as_malformed(string json)
    {
        var (ok, reading, error) = Parse(json);

        Assert.False(ok);
        Assert.Null(reading);
        Assert.StartsWith("malformed JSON", error);
    }

    [Theory]
    [InlineData("""{"timestamp":"2025-06-01T10:00:00Z","temperature":1,"humidity":2,"power":3}""", "sensorId")]
    [InlineData("""{"sensorId":"a","temperature":1,"humidity":2,"power":3}""", "timestamp")]
    [InlineData("""{"sensorId":"a","timestamp":"2025-06-01T10:00:00Z","humidity":2,"power":3}""", "temperature")]
    [InlineData("""{"sensorId":"a","timestamp":"2025-06-01T10:00:00Z","temperature":1,"power":3}""", "humidity")]
    [InlineData("""{"sensorId":"a","timestamp":"2025-06-01T10:00:00Z","temperature":1,"humidity":2}""", "power")]
    public void A_missing_field_is_named(string json, string field)
    {
        var (ok, _, error) = Parse(json);

        Assert.False(ok);
        Assert.Equal($"missing field: {field}", error);
    }

    [Fact]
    public void All_missing_fields_are_named_together()
    {
        var (_, _, error) = Parse("""{"sensorId":"a"}""");

        Assert.Equal("missing field: timestamp, temperature, humidity, power", error);
    }

    [Theory]
    [InlineData("""{"sensorId":7,"timestamp":"2025-06-01T10:00:00Z","temperature":1,"humidity":2,"power":3}""", "sensorId")]
    [InlineData("""{"sensorId":"a","timestamp":"yesterday","temperature":1,"humidity":2,"power":3}""", "timestamp")]
    [InlineData("""{"sensorId":"a","timestamp":"2025-06-01T10:00:00","temperature":1,"humidity":2,"power":3}""", "timestamp")]
    [InlineData("""{"sensorId":"a","timestamp":"2025-06-01T10:00:00Z","temperature":"hot","humidity":2,"power":3}""", "temperature")]
    [InlineData("""{"sensorId":"a","timestamp":"2025-06-01T10:00:00Z","temperature":1,"humidity":null,"power":3}""", "humidity")]
    public void A_field_of_the_wrong_type_is_invalid(string json, string field)
    {
        var (ok, _, error) = Parse(json);

        Assert.False(ok);
        Assert.StartsWith($"invalid field: {field}", error);
    }

    [Theory]
    [InlineData("temperature", -50.1)]
    [InlineData("temperature", 100.5)]
    [InlineData("humidity", -1)]
    [InlineData("humidity", 100.01)]
    [InlineData("power", -0.5)]
    [InlineData("power", 100000.5)]
    public void A_value_outside_its_range_is_refused(string field, double value)
    {
        var json = Valid.Replace(field switch
        {
            "temperature" => "\"temperature\":24.5",
            "humidity" => "\"humidity\":48.2",
            _ => "\"power\":1830.25",
        }, $"\"{field}\":{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

        var (ok, _, error) = Parse(json);

        Assert.False(ok);
        Assert.StartsWith($"out of range: {field}", error);
    }

    [Theory]
    [InlineData(-50), InlineData(100)]
    public void Range_limits_themselves_are_accepted(double temperature)
    {
        var (ok, _, error) = Parse(Valid.Replace("\"temperature\":24.5", $"\"temperature\":{temperature}"));

        Assert.True(ok, error);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"0123456789012345678901234567890123456789012345678901234567890123456789\"")]
    [InlineData("\"has space\"")]
    public void A_sensor_id_that_is_empty_too_long_or_spaced_is_refused(string sensorId)
    {
        var (ok, _, error) = Parse(Valid.Replace("\"sensor-01\"", sensorId));

        Assert.False(ok);
        Assert.StartsWith("out of range: sensorId", error);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000Z")]
    [InlineData("1969-12-31T23:59:59Z", "1969-12-31T23:59:59.0000000Z")]
    public void A_default_or_ancient_timestamp_is_refused_whatever_the_record(string timestamp, string shown)
    {
        var json = Valid.Replace("2025-06-01T10:00:00Z", timestamp);

        foreach (var recordedAt in new DateTimeOffset?[] { RecordedAt, null })
        {
            var (ok, _, error) = Parse(json, recordedAt);

            Assert.False(ok);
            Assert.Equal($"out of range: timestamp {shown} is before 1970-01-01T00:00:00.0000000Z", error);
        }
    }

    [Fact]
    public void A_timestamp_more_than_a_day_after_its_record_is_refused_naming_both()
    {
        var (ok, _, error) = Parse(Valid.Replace("2025-06-01T10:00:00Z", "2025-06-02T12:00:00.001Z"));

        Assert.False(ok);
        Assert.Equal("out of range: timestamp 2025-06-02T12:00:00.0010000Z is more than 24 h after its record's timestamp 2025-06-01T12:00:00.0000000Z", error);
        Assert.True(Parse(Valid.Replace("2025-06-01T10:00:00Z", "2025-06-02T12:00:00Z")).Ok); // the bound itself
    }

    [Fact]
    public void The_verdict_follows_the_record_not_the_clock_of_whoever_parses_it()
    {
        var future = Valid.Replace("2025-06-01T10:00:00Z", "2040-01-01T00:00:00Z");
        var aheadOfItsRecord = Valid.Replace("2025-06-01T10:00:00Z", "2020-01-03T00:00:00Z");

        // Years ahead of today's clock, but not of the record that carries it.
        Assert.True(Parse(future, new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero)).Ok);
        // Long past by any clock, but two days ahead of its record.
        Assert.StartsWith("out of range: timestamp 2020-01-03", Parse(aheadOfItsRecord, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)).Error);
    }

    [Fact]
    public void A_record_without_a_timestamp_is_judged_by_the_fixed_bounds_alone()
    {
        Assert.True(Parse(Valid.Replace("2025-06-01T10:00:00Z", "2999-01-01T00:00:00Z"), recordedAt: null).Ok);
        Assert.False(Parse(Valid.Replace("\"power\":1830.25", "\"power\":-1"), recordedAt: null).Ok);
    }

    [Fact]
    public void A_record_stamped_at_the_end_of_time_is_judged_without_overflow()
    {
        Assert.True(Parse(Valid, DateTimeOffset.MaxValue).Ok);
    }

    [Fact]
    public void Parsing_a_valid_reading_allocates_only_the_reading_and_its_id()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid);
        ReadingParser.TryParse(bytes, RecordedAt, out _, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            ReadingParser.TryParse(bytes, RecordedAt, out _, out _);
        }

        var perReading = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        Assert.True(perReading <= 160, $"{perReading} bytes per reading");
    }
}
