using System.Net;
using System.Text;
using KappaAspire.Inference.Tests.Support;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Testing;

namespace KappaAspire.Inference.Tests;

public sealed class ScoringTests(EmbeddedKafkaFixture kafka, TrainedModels models)
{
    private const string Token = "scoring-secret";

    [Fact]
    public async Task Every_valid_reading_gets_one_prediction_from_the_served_model_continuing_its_trace()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token);

        var written = TestKafka.WriteReadings(kafka, setup.InputTopic, Reference.Simulator().Generate(12 * 80));
        var predictions = TestKafka.ReadUntil(kafka, setup.PredictionsTopic, r => r.Count >= written.Count, TimeSpan.FromSeconds(30));

        Assert.Equal(written.Count, predictions.Count);
        Assert.Equal(written.Count, TestKafka.DistinctSources(predictions));
        var features = Reference.FeaturesBySource(written);
        var scorer = TrainedModels.ScorerOf(models.V1);
        var bySource = written.ToDictionary(w => (w.Partition, w.Offset));
        foreach (var record in predictions)
        {
            var prediction = TestKafka.ParsePrediction(record);
            var reading = bySource[(prediction.SourcePartition, prediction.SourceOffset)];
            Assert.Equal(reading.Reading.SensorId, prediction.SensorId);
            Assert.Equal(reading.Reading.SensorId, Encoding.UTF8.GetString(record.Message.Key));
            Assert.Equal(reading.Reading.Timestamp, prediction.Timestamp);
            Assert.Equal(reading.Reading.Power, prediction.Power);
            Assert.Equal("v0001", prediction.ModelVersion);
            Assert.Equal(reading.Truth?.ToLabel(), prediction.AnomalyKind);
            Assert.True(prediction.LatencyMs > 0);

            var expected = Reference.Score(scorer, features[(reading.Partition, reading.Offset)], reading.Reading.Power);
            Assert.Equal(expected.ExpectedPower, prediction.ExpectedPower);
            Assert.Equal(expected.Score, prediction.Score);
            Assert.Equal(expected.IsAnomaly, prediction.IsAnomaly);

            // The prediction's publish span descends from the reading's trace.
            Assert.Equal(reading.TraceId.ToString(), TestKafka.TraceId(record));
        }

        Assert.Contains(predictions, p => TestKafka.ParsePrediction(p).IsAnomaly);
        var status = await host.WaitForStatusAsync(s => s.Totals.Predictions == written.Count, "every prediction acknowledged");
        Assert.Equal("v0001", status.Model?.Version);
        Assert.True(status.Consuming);
        Assert.Equal(Enumerable.Range(0, TestKafka.Partitions), status.Partitions.Select(p => p.Partition).Order());
        Assert.Equal(predictions.Count(p => TestKafka.ParsePrediction(p).IsAnomaly), status.Totals.Anomalies);
        Assert.Equal(HttpStatusCode.OK, await host.HealthAsync());
    }

    [Fact]
    public async Task Malformed_and_out_of_range_records_go_to_the_dead_letter_topic_unchanged_and_scoring_continues()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token);
        var simulator = Reference.Simulator(sensors: 4);

        var before = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(40));
        var badRecords = new (byte[]? Key, byte[]? Value, string ErrorPrefix)[]
        {
            ("sensor-01"u8.ToArray(), "{\"sensorId\": \"sensor-01\", \"timestamp\":"u8.ToArray(), "malformed JSON"),
            ("sensor-02"u8.ToArray(),
                "{\"sensorId\":\"sensor-02\",\"timestamp\":\"2025-07-01T00:00:00Z\",\"temperature\":500,\"humidity\":40,\"power\":1000}"u8.ToArray(),
                "out of range"),
            ([0xC3, 0x28, 0xFF], [0x00, 0x01, 0xFE], "malformed JSON"),
            ("sensor-03"u8.ToArray(), "{\"sensorId\":\"sensor-03\",\"temperature\":20}"u8.ToArray(), "missing field"),
        };
        var results = await TestKafka.WriteRawAsync(kafka, setup.InputTopic, [.. badRecords.Select(b => (b.Key, b.Value))]);
        var bad = badRecords.Zip(results, (b, r) => (Partition: r.Partition.Value, Offset: r.Offset.Value, b.Key, b.Value, b.ErrorPrefix)).ToList();

        var after = TestKafka.WriteReadings(kafka, setup.InputTopic, simulator.Generate(40));

        var deadLetters = TestKafka.ReadUntil(kafka, setup.DeadLetterTopic, r => r.Count >= bad.Count, TimeSpan.FromSeconds(20));
        Assert.Equal(bad.Count, deadLetters.Count);
        foreach (var expected in bad)
        {
            var record = Assert.Single(deadLetters, d =>
                TestKafka.Header(d, PipelineHeaders.SourcePartition) == expected.Partition.ToString()
                && TestKafka.Header(d, PipelineHeaders.SourceOffset) == expected.Offset.ToString());
            Assert.Equal(expected.Key, record.Message.Key);
            Assert.Equal(expected.Value, record.Message.Value);
            Assert.StartsWith(expected.ErrorPrefix, TestKafka.Header(record, PipelineHeaders.Error));
            Assert.Equal(setup.InputTopic, TestKafka.Header(record, PipelineHeaders.SourceTopic));
            Assert.Equal("inference", TestKafka.Header(record, PipelineHeaders.Service));
        }

        // Readings after the bad records, on the same partitions, are still scored.
        var valid = before.Concat(after).ToList();
        var predictions = TestKafka.ReadUntil(kafka, setup.PredictionsTopic, r => r.Count >= valid.Count, TimeSpan.FromSeconds(20));
        Assert.Equal(
            valid.Select(w => (w.Partition, w.Offset)).Order(),
            predictions.Select(TestKafka.ParsePrediction).Select(p => (p.SourcePartition, p.SourceOffset)).Order());

        var status = await host.WaitForStatusAsync(s => s.Totals.DeadLetters == bad.Count, "dead letters acknowledged");
        Assert.Equal(valid.Count + bad.Count, status.Totals.Consumed);
    }

    [Fact]
    public async Task A_reading_is_judged_against_its_record_timestamp_as_the_trainer_replays_it_whatever_the_clock_says()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token);
        var cases = RecordTimestampCases.All;

        var written = await TestKafka.WriteStampedAsync(kafka, setup.InputTopic,
            [.. cases.Select(c => (Encoding.UTF8.GetBytes(c.SensorId), c.Value, c.RecordTimestamp))]);
        await host.WaitForStatusAsync(s => s.Totals.Predictions + s.Totals.DeadLetters == cases.Count, "every record scored or dead-lettered");

        var predictions = TestKafka.ReadAll(kafka, setup.PredictionsTopic).Select(TestKafka.ParsePrediction).ToList();
        var deadLetters = TestKafka.ReadAll(kafka, setup.DeadLetterTopic);
        foreach (var (@case, record) in cases.Zip(written))
        {
            var (partition, offset) = (record.Partition.Value, record.Offset.Value);
            var predicted = predictions.Any(p => p.SourcePartition == partition && p.SourceOffset == offset);
            var deadLetter = deadLetters.SingleOrDefault(d =>
                TestKafka.Header(d, PipelineHeaders.SourcePartition) == partition.ToString()
                && TestKafka.Header(d, PipelineHeaders.SourceOffset) == offset.ToString());
            Assert.True(@case.Valid == predicted, $"{@case.Name}: predicted {predicted}");
            Assert.Equal(@case.Error, deadLetter is null ? null : TestKafka.Header(deadLetter, PipelineHeaders.Error));
        }
    }
}
