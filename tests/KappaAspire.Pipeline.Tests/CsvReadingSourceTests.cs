using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Pipeline.Tests;

public sealed class CsvReadingSourceTests
{
    private static readonly CsvReadingSource Source = new(new TestClock(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)));

    private static List<LabeledReading> Read(string csv) => Source.Read(new StringReader(csv)).ToList();

    [Fact]
    public void A_good_file_with_header_and_labels_is_read()
    {
        var readings = Read("""
            sensorId,timestamp,temperature,humidity,power,label
            s-1,2025-05-01T00:00:00Z,21.5,45.0,1200.5,normal
            s-2,2025-05-01T00:01:00+02:00,22,50,1300,anomaly:spike

            # a comment
            s-1,2025-05-01T00:02:00,21.6,44.9,1201,
            """);

        Assert.Equal(3, readings.Count);
        Assert.Equal(new SensorReading("s-1", new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero), 21.5, 45.0, 1200.5), readings[0].Reading);
        Assert.Equal(GroundTruth.Normal, readings[0].Truth);
        Assert.Equal(new DateTimeOffset(2025, 4, 30, 22, 1, 0, TimeSpan.Zero), readings[1].Reading.Timestamp);
        Assert.Equal(GroundTruth.Anomaly(AnomalyKind.Spike), readings[1].Truth);
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 0, 2, 0, TimeSpan.Zero), readings[2].Reading.Timestamp); // no offset: UTC
        Assert.Null(readings[2].Truth);
    }

    [Fact]
    public void A_file_without_header_or_labels_is_read()
    {
        var readings = Read("s-1,2025-05-01T00:00:00Z,21.5,45,1200\ns-1,2025-05-01T00:01:00Z,21.7,45,1210\n");

        Assert.Equal(2, readings.Count);
        Assert.All(readings, r => Assert.Null(r.Truth));
    }

    [Theory]
    [InlineData("s-1,2025-05-01T00:00:00Z,21.5,45,1200\ns-1,2025-05-01T00:01:00Z,21.5,45", 2, "expected 5 or 6 fields")]
    [InlineData("sensorId,timestamp,temperature,humidity,power\ns-1,2025-05-01T00:00:00Z,21.5,45,1200\ns-1,not-a-date,21.5,45,1200", 3, "timestamp 'not-a-date'")]
    [InlineData("s-1,2025-05-01T00:00:00Z,21.5,45,1200\n\ns-1,2025-05-01T00:01:00Z,warm,45,1200", 3, "temperature 'warm' is not a number")]
    [InlineData("s-1,2025-05-01T00:00:00Z,21.5,45,-3", 1, "out of range: power")]
    [InlineData("s-1,2025-05-01T00:00:00Z,21.5,145,1", 1, "out of range: humidity")]
    [InlineData("s-1,2025-05-01T00:00:00Z,21.5,45,1200,weird", 1, "label 'weird'")]
    [InlineData("s-1,2025-06-02T00:00:01Z,21.5,45,1200", 1, "timestamp 2025-06-02T00:00:01.0000000Z is more than 24 h after its record's timestamp 2025-06-01T00:00:00.0000000Z")]
    public void A_bad_row_is_reported_with_its_line_number(string csv, int line, string problem)
    {
        var error = Assert.Throws<CsvFormatException>(() => Read(csv));

        Assert.Equal(line, error.LineNumber);
        Assert.StartsWith($"Line {line}: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Rows_before_a_bad_row_are_delivered_first()
    {
        var delivered = new List<LabeledReading>();

        Assert.Throws<CsvFormatException>(() =>
        {
            foreach (var reading in Source.Read(new StringReader("s-1,2025-05-01T00:00:00Z,21.5,45,1200\nbroken")))
            {
                delivered.Add(reading);
            }
        });

        Assert.Single(delivered);
    }

    [Fact]
    public void A_file_on_disk_is_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kappa-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "sensorId,timestamp,temperature,humidity,power\ns-1,2025-05-01T00:00:00Z,21.5,45,1200\n");
        try
        {
            Assert.Single(Source.ReadFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
