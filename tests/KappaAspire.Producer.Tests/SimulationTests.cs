using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Producer.Apis;
using KappaAspire.Testing;

namespace KappaAspire.Producer.Tests;

public sealed partial class SimulationTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Readings_arrive_on_raw_data_keyed_by_sensor_with_truth_and_trace_headers()
    {
        await using var producer = await ProducerHost.StartAsync(kafka,
            "Producer:SensorIdPrefix=shape-", "Producer:Sensors=5", "Producer:ReadingsPerSecond=400", "Producer:AnomalyRate=0.2");
        using var consumer = new RawDataConsumer(kafka, "shape-");

        // Partitions drain unevenly: wait for every sensor, not just for a count.
        var records = consumer.ReadUntil(r => r.Count >= 400 && r.Select(x => x.Message.Key).Distinct().Count() == 5, Timeout);

        var started = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1);
        foreach (var record in records)
        {
            var reading = record.Reading();
            Assert.Equal(reading.SensorId, record.Message.Key);
            Assert.InRange(reading.Timestamp, started, DateTimeOffset.UtcNow);
            Assert.NotNull(record.Truth());
            Assert.Matches(TraceParent(), record.Header("traceparent"));
        }

        Assert.Equal(["shape-01", "shape-02", "shape-03", "shape-04", "shape-05"], records.Select(r => r.Message.Key).Distinct().Order());
        Assert.Contains(records, r => r.Truth() is { IsAnomaly: true, Kind: not null });
        Assert.Contains(records, r => r.Truth() == GroundTruth.Normal);

        // Keyed by sensor, so each sensor's readings come out of its partition in the order they were taken.
        foreach (var sensor in records.GroupBy(r => r.Message.Key))
        {
            var timestamps = sensor.Select(r => r.Reading().Timestamp).ToList();
            Assert.Equal(timestamps.Order(), timestamps);
            Assert.Single(sensor.Select(r => r.Partition.Value).Distinct());
        }

        var status = await producer.WaitForStatusAsync(s => s.Acknowledged >= records.Count, Timeout);
        Assert.Equal("simulate", status.Mode);
        Assert.Equal(0, status.Failed);
        Assert.Equal(5, status.SensorCount);
        Assert.True(status.Anomalies.Values.Sum() > 0);
    }

    [Fact]
    public async Task Configured_rate_is_honoured_and_post_rate_changes_it()
    {
        await using var producer = await ProducerHost.StartAsync(kafka,
            "Producer:SensorIdPrefix=rate-", "Producer:Sensors=20", "Producer:ReadingsPerSecond=500");
        using var consumer = new RawDataConsumer(kafka, "rate-");

        var atStart = await SendingRateAsync(consumer, sensors: 20, after: DateTimeOffset.UtcNow + TimeSpan.FromSeconds(0.5));
        Assert.InRange(atStart, 500 * 0.8, 500 * 1.2);

        var response = await producer.Http.PostAsJsonAsync("/rate", new RateRequest(1500), ProducerJsonContext.Default.RateRequest);
        response.EnsureSuccessStatusCode();
        Assert.Equal(1500, (await producer.StatusAsync()).ReadingsPerSecond);

        var changed = await SendingRateAsync(consumer, sensors: 20, after: DateTimeOffset.UtcNow + TimeSpan.FromSeconds(0.5));
        Assert.InRange(changed, 1500 * 0.8, 1500 * 1.2);
    }

    [Theory]
    [InlineData("{\"readingsPerSecond\":0}")]
    [InlineData("{\"readingsPerSecond\":-5}")]
    [InlineData("{\"readingsPerSecond\":100001}")]
    [InlineData("{}")]
    public async Task Rate_outside_the_allowed_range_is_rejected_and_the_rate_kept(string body)
    {
        await using var producer = await ProducerHost.StartAsync(kafka, "Producer:SensorIdPrefix=bad-rate-", "Producer:ReadingsPerSecond=10");

        var response = await producer.Http.PostAsync("/rate", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("readingsPerSecond", await response.Content.ReadAsStringAsync());
        Assert.Equal(10, (await producer.StatusAsync()).ReadingsPerSecond);
    }

    [Fact]
    public async Task Pause_stops_production_and_resume_restarts_it()
    {
        await using var producer = await ProducerHost.StartAsync(kafka,
            "Producer:SensorIdPrefix=pause-", "Producer:ReadingsPerSecond=500");
        using var consumer = new RawDataConsumer(kafka, "pause-");
        consumer.ReadUntil(r => r.Count >= 50, Timeout);

        var paused = await producer.Http.PostAsync("/pause", null);
        paused.EnsureSuccessStatusCode();
        var pausedAt = DateTimeOffset.UtcNow;
        var whilePaused = await producer.WaitForStatusAsync(s => s.Paused && s.InFlight == 0, Timeout);
        // The batch in progress when the pause arrived may still be finishing: wait until the count stands still.
        while (true)
        {
            await Task.Delay(200);
            var settled = await producer.StatusAsync();
            if (settled.Produced == whilePaused.Produced) break;
            whilePaused = settled;
        }

        await Task.Delay(TimeSpan.FromSeconds(1)); // the pause itself: nothing may be produced during it
        Assert.Equal(whilePaused.Produced, (await producer.StatusAsync()).Produced);

        var resumedAt = DateTimeOffset.UtcNow; // before the request: the loop restarts before the answer arrives
        var resumed = await producer.Http.PostAsync("/resume", null);
        resumed.EnsureSuccessStatusCode();
        var afterResume = consumer.ReadUntil(r => r.Any(x => x.Reading().Timestamp >= resumedAt), Timeout);

        // The tick in progress when the pause arrived may still send; nothing is stamped in between.
        var slack = TimeSpan.FromMilliseconds(100);
        Assert.DoesNotContain(afterResume, r => r.Reading().Timestamp > pausedAt + slack && r.Reading().Timestamp < resumedAt - slack);
        Assert.False((await producer.StatusAsync()).Paused);
    }

    [Fact]
    public async Task Anomaly_injected_on_demand_labels_that_sensors_next_readings_and_is_counted()
    {
        await using var producer = await ProducerHost.StartAsync(kafka,
            "Producer:SensorIdPrefix=inject-", "Producer:Sensors=3", "Producer:ReadingsPerSecond=300", "Producer:AnomalyRate=0");
        using var consumer = new RawDataConsumer(kafka, "inject-");
        consumer.ReadUntil(r => r.Count >= 30, Timeout);

        var response = await producer.Http.PostAsJsonAsync("/anomalies", new AnomalyRequest("inject-02", "stuck"), ProducerJsonContext.Default.AnomalyRequest);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var scheduled = (await response.Content.ReadFromJsonAsync(ProducerJsonContext.Default.AnomalyScheduled))!;
        Assert.Equal("stuck", scheduled.Kind);
        Assert.InRange(scheduled.Readings, 6, 12);

        var records = consumer.ReadUntil(r => AfterFirstAnomaly(r, "inject-02").Count >= scheduled.Readings + 5, Timeout);

        Assert.DoesNotContain(records, r => r.Message.Key != "inject-02" && r.Truth()!.Value.IsAnomaly);
        var affected = AfterFirstAnomaly(records, "inject-02");
        var stuck = affected.Take(scheduled.Readings).ToList();
        Assert.All(stuck, r => Assert.Equal("anomaly:stuck", r.Header(PipelineHeaders.Truth)));
        Assert.Single(stuck.Select(r => r.Reading().Power).Distinct()); // frozen while conditions move on
        Assert.All(affected.Skip(scheduled.Readings), r => Assert.Equal(GroundTruth.Normal, r.Truth()));

        var status = await producer.StatusAsync();
        Assert.Equal(scheduled.Readings, status.Anomalies["stuck"]);
        Assert.Equal(0, status.Anomalies["spike"] + status.Anomalies["drift"]);
    }

    [Fact]
    public async Task Meter_counts_deliveries_by_outcome_and_anomalies_by_kind()
    {
        using var meter = new MeterRecorder("KappaAspire.Producer");
        await using var producer = await ProducerHost.StartAsync(kafka,
            "Producer:SensorIdPrefix=meter-", "Producer:Sensors=2", "Producer:ReadingsPerSecond=200", "Producer:AnomalyRate=0");
        await producer.WaitForStatusAsync(s => s.Acknowledged >= 20, Timeout);

        var response = await producer.Http.PostAsJsonAsync("/anomalies", new AnomalyRequest("meter-01", "spike"), ProducerJsonContext.Default.AnomalyRequest);
        response.EnsureSuccessStatusCode();
        await producer.WaitForStatusAsync(s => s.Anomalies["spike"] == 1, Timeout);
        await producer.Http.PostAsync("/pause", null);
        var status = await producer.WaitForStatusAsync(s => s.Paused && s.InFlight == 0, Timeout);

        Assert.Equal(status.Acknowledged, meter.Sum("kappa.producer.readings|outcome=acknowledged"));
        Assert.Equal(0, meter.Sum("kappa.producer.readings|outcome=failed"));
        Assert.Equal(1, meter.Sum("kappa.producer.anomalies|kind=spike"));
    }

    [Fact]
    public async Task Anomaly_request_for_an_unknown_sensor_or_kind_is_refused()
    {
        await using var producer = await ProducerHost.StartAsync(kafka, "Producer:SensorIdPrefix=refuse-", "Producer:Sensors=2");

        var unknownSensor = await producer.Http.PostAsJsonAsync("/anomalies", new AnomalyRequest("refuse-99", "spike"), ProducerJsonContext.Default.AnomalyRequest);
        var unknownKind = await producer.Http.PostAsJsonAsync("/anomalies", new AnomalyRequest("refuse-01", "wobble"), ProducerJsonContext.Default.AnomalyRequest);

        Assert.Equal(HttpStatusCode.NotFound, unknownSensor.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownKind.StatusCode);
        Assert.Contains("spike, drift or stuck", await unknownKind.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Readings per second stamped within a 2 s window starting at <paramref name="after"/> (timestamps are the wall clock
    /// at send), once the window has been fully consumed.
    /// </summary>
    private static async Task<double> SendingRateAsync(RawDataConsumer consumer, int sensors, DateTimeOffset after)
    {
        var window = TimeSpan.FromSeconds(2);
        var end = after + window;
        var wait = end + TimeSpan.FromSeconds(0.3) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait); // the window has to pass before it can be counted
        }

        // Complete once every sensor has a reading past the window: each sensor's readings are in order on its partition,
        // but partitions drain unevenly, so one partition being past the window says nothing of the others.
        var records = consumer.ReadUntil(
            r => r.Where(x => x.Reading().Timestamp > end + TimeSpan.FromSeconds(0.2)).Select(x => x.Message.Key).Distinct().Count() == sensors,
            Timeout);
        return records.Count(r => r.Reading().Timestamp is var t && t >= after && t < end) / window.TotalSeconds;
    }

    /// <summary>The sensor's records from its first anomalous one on (one partition per sensor keeps them in order).</summary>
    private static List<Confluent.Kafka.ConsumeResult<string, byte[]>> AfterFirstAnomaly(
        IReadOnlyList<Confluent.Kafka.ConsumeResult<string, byte[]>> records, string sensorId) =>
        records.Where(r => r.Message.Key == sensorId).SkipWhile(r => r.Truth() is not { IsAnomaly: true }).ToList();

    [GeneratedRegex("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$")]
    private static partial Regex TraceParent();
}
