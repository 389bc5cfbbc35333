using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Simulation;
using KappaAspire.Testing;

namespace KappaAspire.Trainer.Tests;

/// <summary>Writes the simulator's readings to a topic as the producer service does: keyed by sensor, truth in a header.</summary>
internal static class SimulatedLog
{
    public static string NewTopic() => $"raw-{Guid.NewGuid():N}";

    public static Task ProduceAsync(EmbeddedKafkaFixture kafka, string topic, int sensors, int readingsPerSensor, int seed = 42, DateTimeOffset? start = null)
    {
        var simulator = new SensorSimulator(new SensorSimulatorOptions
        {
            SensorCount = sensors,
            Seed = seed,
            Start = start ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
        var messages = simulator.Generate((long)sensors * readingsPerSensor).Select(r => new Message<string, byte[]>
        {
            Key = r.Reading.SensorId,
            Value = JsonSerializer.SerializeToUtf8Bytes(r.Reading, PipelineJsonContext.Default.SensorReading),
            Headers = r.Truth is { } truth ? new Headers { { PipelineHeaders.Truth, Encoding.UTF8.GetBytes(truth.ToHeaderValue()) } } : null,
        });
        return ProduceAsync(kafka, topic, messages);
    }

    public static async Task ProduceAsync(EmbeddedKafkaFixture kafka, string topic, IEnumerable<Message<string, byte[]>> messages)
    {
        using var producer = new ProducerBuilder<string, byte[]>(kafka.ProducerConfig()).Build();
        var failures = 0;
        Error? firstError = null;
        foreach (var message in messages)
        {
            while (true)
            {
                try
                {
                    producer.Produce(topic, message, report =>
                    {
                        if (report.Error.IsError)
                        {
                            firstError ??= report.Error;
                            Interlocked.Increment(ref failures);
                        }
                    });
                    break;
                }
                catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50)); // let deliveries drain the local queue
                }
            }
        }

        await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(30)));
        Assert.True(failures == 0, $"{failures} records were not acknowledged: {firstError}");
    }

    /// <summary>Low and high watermark of every partition of <paramref name="topic"/> now.</summary>
    public static IReadOnlyList<(int Partition, long Low, long High)> Watermarks(EmbeddedKafkaFixture kafka, string topic)
    {
        using var admin = kafka.Admin();
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Select(p => p.PartitionId).Order().ToArray();
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(kafka.ConsumerConfig("watermark-probe")).Build();
        return partitions.Select(p =>
        {
            var w = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10));
            return (p, w.Low.Value, w.High.Value);
        }).ToArray();
    }
}
