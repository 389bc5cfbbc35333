using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Bench;

/// <summary>
/// The benchmark's own reader of <c>iot_predictions</c> (all partitions, from their end when it starts): for each prediction,
/// reading timestamp → now, and reading timestamp → the record's CreateTime, into the current <see cref="LatencyRecorder"/>.
/// </summary>
internal sealed class PredictionListener : IDisposable
{
    private static readonly byte[] TimestampProperty = "timestamp"u8.ToArray();

    private readonly IConsumer<Ignore, byte[]> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private LatencyRecorder _recorder = new();
    private long _received;

    public long Received => Interlocked.Read(ref _received);

    public PredictionListener(string bootstrap, int partitions)
    {
        _consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-latency-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 100,
        }).Build();
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(Topics.Predictions, p, Offset.End)));
        _thread = new Thread(Run) { IsBackground = true, Name = "prediction listener" };
        _thread.Start();
    }

    /// <summary>Starts a new measurement window; returns the one that ends.</summary>
    public LatencyRecorder Swap() => Interlocked.Exchange(ref _recorder, new LatencyRecorder());

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<Ignore, byte[]>? result;
            try { result = _consumer.Consume(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ConsumeException) { continue; }
            var now = DateTimeOffset.UtcNow;
            if (result?.Message?.Value is not { } value || ReadingTimestamp(value) is not { } readingTime) continue;
            var timestamp = result.Message.Timestamp;
            double? created = timestamp.Type == TimestampType.CreateTime
                ? (DateTimeOffset.FromUnixTimeMilliseconds(timestamp.UnixTimestampMs) - readingTime).TotalMilliseconds : null;
            Volatile.Read(ref _recorder).Add((now - readingTime).TotalMilliseconds, created);
            Interlocked.Increment(ref _received);
        }
    }

    /// <summary>The reading's own timestamp carried by the prediction, without deserializing the rest.</summary>
    private static DateTimeOffset? ReadingTimestamp(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(TimestampProperty))
                {
                    reader.Read();
                    return reader.GetDateTimeOffset();
                }
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException) { }
        return null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(5));
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }
}
