using System.Net;
using System.Net.Http.Json;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Producer.Apis;
using KappaAspire.Testing;
using Microsoft.Extensions.Logging;

namespace KappaAspire.Producer.Tests;

public sealed class ReplayTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly string _directory = Directory.CreateTempSubdirectory("kappa-producer-replay-").FullName;

    [Fact]
    public async Task Replay_sends_the_csv_in_order_per_sensor_and_skips_bad_rows_reporting_their_line()
    {
        var csv = WriteCsv("readings.csv",
            "sensorId,timestamp,temperature,humidity,power,label", // 1
            "replay-a,2025-03-01T00:00:00Z,21.5,45,1200,normal",     // 2
            "replay-b,2025-03-01T00:00:00Z,22.0,50,900",             // 3
            "replay-a,2025-03-01T00:01:00Z,21.6,45,1210,normal",     // 4
            "replay-b,not-a-time,22.1,50,905",                        // 5: bad timestamp
            "replay-b,2025-03-01T00:01:00Z,22.1,50,2800,anomaly:spike", // 6
            "# a comment",                                            // 7
            "replay-a,2025-03-01T00:02:00Z,21.7,46,1220",            // 8
            "replay-a,2025-03-01T00:03:00Z,21.7,150,1230",           // 9: humidity out of range
            "replay-b,2025-03-01T00:02:00Z,22.2,51,910,normal",      // 10
            "replay-a,2025-03-01T00:04:00Z,21.8,46,1240,normal");    // 11

        await using var producer = await ProducerHost.StartAsync(kafka,
            "Producer:Mode=replay", $"Producer:CsvPath={csv}", "Producer:SpeedUp=max");
        using var consumer = new RawDataConsumer(kafka, "replay-");

        var records = consumer.ReadUntil(r => r.Count >= 7, Timeout);

        Assert.Equal([1200, 1210, 1220, 1240], PowersOf(records, "replay-a"));
        Assert.Equal([900, 2800, 910], PowersOf(records, "replay-b"));
        var spike = Assert.Single(records, r => r.Reading().Power == 2800);
        Assert.Equal(GroundTruth.Anomaly(AnomalyKind.Spike), spike.Truth());
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 0, 1, 0, TimeSpan.Zero), spike.Reading().Timestamp); // the file's time, not now
        Assert.Null(records.First(r => r.Reading().Power == 900).Truth()); // no label, no claim

        var status = await producer.WaitForStatusAsync(s => s.Replay!.Completed && s.Acknowledged == 7, Timeout);
        Assert.Equal("replay", status.Mode);
        Assert.Equal(2, status.Replay!.RowsRejected);
        Assert.Equal("Line 9: out of range: humidity 150 is outside [0, 100]", status.Replay.LastRejection);
        Assert.Equal(1, status.Anomalies["spike"]);

        var warnings = producer.Logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, m => m.Contains("line 5: timestamp 'not-a-time' is not a date-time", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.Contains("line 9: out of range: humidity", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replay_spaces_readings_by_their_inter_arrival_times_divided_by_the_speed_up()
    {
        // Ten readings a second apart at ten times real speed: 0.9 s from first to last.
        var start = new DateTimeOffset(2025, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var csv = WriteCsv("paced.csv", Enumerable.Range(0, 10)
            .Select(i => $"paced-1,{start.AddSeconds(i):O},20,40,{1000 + i}")
            .ToArray());

        var beforeStart = DateTime.UtcNow;
        await using var producer = await ProducerHost.StartAsync(kafka,
            "Producer:Mode=replay", $"Producer:CsvPath={csv}", "Producer:SpeedUp=10");
        using var consumer = new RawDataConsumer(kafka, "paced-");

        var records = consumer.ReadUntil(r => r.Count >= 10, Timeout);

        Assert.Equal(Enumerable.Range(1000, 10).Select(p => (double)p), records.Select(r => r.Reading().Power));
        // Sent on a schedule that starts with the replay (producer create times, ms): the i-th no earlier than i × 0.1 s
        // after it, so no earlier than that after the test started the host. Start-up work may delay the first sends;
        // late readings go at once and the rest stay on schedule (no drift), so the last ones are again 0.1 s apart.
        var sent = records.Select(r => r.Message.Timestamp.UtcDateTime).ToList();
        var timeline = string.Join(", ", sent.Select(t => (t - beforeStart).TotalSeconds.ToString("F3")));
        Assert.All(sent.Index(), s => Assert.True((s.Item - beforeStart).TotalSeconds >= s.Index * 0.1 - 0.005, $"reading {s.Index} sent too early: {timeline}"));
        Assert.True((sent[9] - sent[7]).TotalSeconds >= 0.1, $"the last readings were not paced: {timeline}");
        Assert.True((sent[^1] - sent[0]).TotalSeconds <= 2.0, $"the replay drifted: {timeline}");
    }

    [Fact]
    public async Task Rate_cannot_be_set_in_replay_mode()
    {
        var csv = WriteCsv("one.csv", "rate-replay-1,2025-03-03T00:00:00Z,20,40,1000");
        await using var producer = await ProducerHost.StartAsync(kafka, "Producer:Mode=replay", $"Producer:CsvPath={csv}");

        var response = await producer.Http.PostAsJsonAsync("/rate", new RateRequest(100), ProducerJsonContext.Default.RateRequest);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Producer:SpeedUp", await response.Content.ReadAsStringAsync());
        Assert.Null((await producer.StatusAsync()).ReadingsPerSecond);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteCsv(string name, params string[] lines)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static double[] PowersOf(IEnumerable<Confluent.Kafka.ConsumeResult<string, byte[]>> records, string sensorId) =>
        records.Where(r => r.Message.Key == sensorId).Select(r => r.Reading().Power).ToArray();
}
