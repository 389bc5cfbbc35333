using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KappaAspire.Inference.Tests.Support;
using KappaAspire.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KappaAspire.Inference.Tests;

public sealed class MonitoringTests(EmbeddedKafkaFixture kafka, TrainedModels models)
{
    private const string Token = "monitoring-secret";

    [Fact]
    public async Task Every_scored_or_dead_lettered_reading_records_its_processing_duration_with_the_group()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        var durations = new ConcurrentBag<(string? Group, string? ErrorType)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "KappaAspire.Kafka" && instrument.Name == "messaging.process.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            // Other hosts run in parallel: this stream's topic only.
            if (Tag(tags, "messaging.destination.name") == setup.InputTopic)
            {
                durations.Add((Tag(tags, "messaging.consumer.group.name"), Tag(tags, "error.type")));
            }
        });
        meters.Start();
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token);

        var written = TestKafka.WriteReadings(kafka, setup.InputTopic, Reference.Simulator().Generate(300));
        await TestKafka.WriteRawAsync(kafka, setup.InputTopic, ("sensor-01"u8.ToArray(), "{oops"u8.ToArray()));
        await host.WaitForStatusAsync(s => s.Totals.Predictions == written.Count && s.Totals.DeadLetters == 1, "every reading scored or parked");

        Assert.Equal(written.Count, durations.Count(d => d.ErrorType is null));
        Assert.Equal(1, durations.Count(d => d.ErrorType == "dead_lettered"));
        Assert.All(durations, d => Assert.Equal(setup.Group, d.Group));
    }

    [Fact]
    public async Task The_live_counters_of_the_served_model_match_the_ground_truth_of_a_generated_stream()
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token);
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        var verdicts = new ConcurrentDictionary<string, long>();
        var gauges = new ConcurrentBag<(string Instrument, double Value, string? Model)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            // Other hosts run in parallel: listen only to this host's meter.
            if (instrument.Meter.Name == "KappaAspire.Inference" && instrument.Meter.Scope == meterFactory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "kappa.inference.verdicts" && Tag(tags, "kappa.model.version") == "v0001")
            {
                verdicts.AddOrUpdate(Tag(tags, "kappa.outcome")!, value, (_, sum) => sum + value);
            }
        });
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => gauges.Add((instrument.Name, value, Tag(tags, "kappa.model.version"))));
        meters.Start();

        var written = TestKafka.WriteReadings(kafka, setup.InputTopic, Reference.Simulator().Generate(12 * 250));
        var predictions = TestKafka.BySource(TestKafka.ReadPredictionsFor(kafka, setup.PredictionsTopic, written.Count, TimeSpan.FromSeconds(60)));
        var status = await host.WaitForStatusAsync(s => s.Totals.Predictions == written.Count, "every prediction acknowledged");
        meters.RecordObservableInstruments();

        // Counted here from what was written (the simulator's truth) and what came out (the verdicts), by source offset.
        var outcomes = written.Select(w => (Truth: w.Truth!.Value.IsAnomaly, predictions[(w.Partition, w.Offset)].IsAnomaly)).ToList();
        var expected = new Dictionary<string, long>
        {
            ["tp"] = outcomes.Count(o => o is (true, true)),
            ["fp"] = outcomes.Count(o => o is (false, true)),
            ["fn"] = outcomes.Count(o => o is (true, false)),
            ["tn"] = outcomes.Count(o => o is (false, false)),
        };
        Assert.True(expected["tp"] > 0 && expected["fn"] + expected["tp"] < written.Count, "the stream should hold anomalies, found and not");

        var live = status.Model!.Live!;
        Assert.Equal(written.Count, live.Total.Examples);
        Assert.Equal(
            (expected["tp"], expected["fp"], expected["fn"], expected["tn"]),
            ((long)live.Total.TruePositives, (long)live.Total.FalsePositives, (long)live.Total.FalseNegatives, (long)live.Total.TrueNegatives));
        Assert.Equal(expected.Where(e => e.Value > 0).OrderBy(e => e.Key), verdicts.OrderBy(v => v.Key));

        foreach (var sensor in written.GroupBy(w => w.Reading.SensorId))
        {
            var rate = live.AlarmRateBySensor[sensor.Key];
            Assert.Equal((sensor.Count(w => predictions[(w.Partition, w.Offset)].IsAnomaly), sensor.Count()), (rate.Count, rate.Trials));
        }

        // 3,000 predictions, past the 2,000 the PSI needs; the stream is the one the model was trained for, so no shift.
        Assert.True(live.HasReference);
        Assert.InRange(live.Drift!.Value, 0, 0.25);
        Assert.Contains(gauges, g => g is ("kappa.inference.drift.psi", _, "v0001") && g.Value == live.Drift);
        Assert.Contains(gauges, g => g is ("kappa.inference.live.recall", _, "v0001") && g.Value == live.Recent.Recall!.Value);
        Assert.Equal(12, gauges.Count(g => g is ("kappa.inference.alarm_rate", _, "v0001")));
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
