using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Bench;

/// <summary>A log of simulated readings in <c>iot_raw_data</c>, written before the services start (replay and reprocessing benchmarks).</summary>
internal static class SimulatedLog
{
    /// <summary>Writes readings as the producer does (key = sensor id, JSON value, ground-truth header); returns readings/s.</summary>
    public static double Write(string bootstrap, int count)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrap, Acks = Acks.All, EnableIdempotence = true, LingerMs = 5, QueueBufferingMaxMessages = 500_000,
        };
        using var producer = new ProducerBuilder<string, byte[]>(config).Build();
        var truthHeaders = new Dictionary<string, byte[]>();
        long failed = 0;
        Action<DeliveryReport<string, byte[]>> onDelivery = report => { if (report.Error.IsError) Interlocked.Increment(ref failed); };
        var watch = Stopwatch.StartNew();
        foreach (var labeled in new SensorSimulator().Generate(count))
        {
            var message = new Message<string, byte[]>
            {
                Key = labeled.Reading.SensorId,
                Value = JsonSerializer.SerializeToUtf8Bytes(labeled.Reading, PipelineJsonContext.Default.SensorReading),
                Headers = [],
            };
            if (labeled.Truth is { } truth)
            {
                var text = truth.ToHeaderValue();
                if (!truthHeaders.TryGetValue(text, out var bytes)) truthHeaders[text] = bytes = Encoding.UTF8.GetBytes(text);
                message.Headers.Add(PipelineHeaders.Truth, bytes);
            }
            while (true)
            {
                try { producer.Produce(Topics.RawData, message, onDelivery); break; }
                catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull) { producer.Poll(TimeSpan.FromMilliseconds(5)); }
            }
        }
        producer.Flush(TimeSpan.FromMinutes(5));
        if (failed > 0) throw new InvalidOperationException($"{failed} readings were not acknowledged.");
        return count / watch.Elapsed.TotalSeconds;
    }

}
