using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.Inference.Tests.Support;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Testing;

namespace KappaAspire.Inference.Tests;

/// <summary>
/// Readings per second through one instance with the embedded broker (in the same process, sharing its cores): a
/// backlog is written first, then predictions are counted as they are acknowledged, after a warm-up share that lets
/// the JIT reach its optimized code. A measurement, not a specification: run explicitly
/// (<c>dotnet test --project tests/KappaAspire.Inference.Tests -c Release --explicit only</c>).
/// </summary>
public sealed class ThroughputTests(EmbeddedKafkaFixture kafka, TrainedModels models, ITestOutputHelper output)
{
    private const string Token = "throughput-secret";
    private const int Readings = 200_000;
    private const int WarmupPredictions = 20_000;

    [Theory(Explicit = true)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Readings_per_second_through_one_instance(bool tracedReadings)
    {
        var setup = await TestKafka.CreateStreamAsync(kafka);
        var written = Stopwatch.StartNew();
        WriteBacklog(setup.InputTopic, tracedReadings);
        output.WriteLine($"wrote {Readings} readings in {written.Elapsed.TotalSeconds:F1} s (traceparent headers: {tracedReadings})");

        await using var server = await TestModelServer.StartAsync(Token, models.V1);
        await using var host = await InferenceHost.StartAsync(setup, server.Address, Token);
        var total = Stopwatch.StartNew();
        var warm = await host.WaitForStatusAsync(s => s.Totals.Predictions >= WarmupPredictions, "the warm-up share", TimeSpan.FromMinutes(2));
        var steady = Stopwatch.StartNew();
        var collections = GC.CollectionCount(0);
        var status = await host.WaitForStatusAsync(s => s.Totals.Predictions >= Readings, "every prediction", TimeSpan.FromMinutes(5));
        var measured = Readings - warm.Totals.Predictions;

        output.WriteLine($"steady state: {measured} predictions in {steady.Elapsed.TotalSeconds:F2} s = {measured / steady.Elapsed.TotalSeconds:N0} readings/s " +
            $"(whole backlog incl. start-up and JIT: {Readings / total.Elapsed.TotalSeconds:N0}/s)");
        output.WriteLine($"mean hot path {status.Totals.MeanScoringMs * 1000:F1} µs per reading; {GC.CollectionCount(0) - collections} gen0 GCs " +
            $"(server GC: {System.Runtime.GCSettings.IsServerGC}); {status.Totals.Anomalies} anomalies; {Environment.ProcessorCount} cores");
        Assert.Equal(Readings, status.Totals.Predictions);
    }

    private void WriteBacklog(string topic, bool traced)
    {
        var config = kafka.ProducerConfig();
        config.LingerMs = 20;
        using var producer = new ProducerBuilder<byte[], byte[]>(config).Build();
        var simulator = Reference.Simulator(sensors: 60);
        foreach (var labeled in simulator.Generate(Readings))
        {
            var headers = new Headers();
            if (traced)
            {
                headers.Add("traceparent", Encoding.UTF8.GetBytes($"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01"));
            }

            headers.Add(PipelineHeaders.Truth, Encoding.UTF8.GetBytes(labeled.Truth!.Value.ToHeaderValue()));
            var message = new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(labeled.Reading.SensorId),
                Value = JsonSerializer.SerializeToUtf8Bytes(labeled.Reading, PipelineJsonContext.Default.SensorReading),
                Headers = headers,
            };
            while (true)
            {
                try
                {
                    producer.Produce(topic, message);
                    break;
                }
                catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10));
                }
            }
        }

        producer.Flush(TimeSpan.FromMinutes(2));
    }
}
