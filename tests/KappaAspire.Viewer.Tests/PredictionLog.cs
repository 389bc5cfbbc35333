using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Testing;

namespace KappaAspire.Viewer.Tests;

/// <summary>Writes predictions to <c>iot_predictions</c> the way inference does: key = sensor id, JSON value.</summary>
internal sealed class PredictionLog : IDisposable
{
    private readonly IProducer<string, byte[]> _producer;

    private PredictionLog(IProducer<string, byte[]> producer) => _producer = producer;

    /// <param name="topics">Topics to create besides <c>iot_predictions</c> (6 partitions each), e.g. a reprocessing run's.</param>
    public static async Task<PredictionLog> OpenAsync(EmbeddedKafkaFixture kafka, params string[] topics)
    {
        using (var admin = kafka.Admin())
        {
            foreach (var topic in topics.Prepend(Topics.Predictions))
            {
                try
                {
                    await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 6, ReplicationFactor = 1 }]);
                }
                catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.TopicAlreadyExists))
                {
                }
            }
        }
        return new PredictionLog(new ProducerBuilder<string, byte[]>(kafka.ProducerConfig()).Build());
    }

    /// <summary>A sensor id no other test uses, so tests sharing a topic do not see each other's sensors.</summary>
    public static string NewSensorId(string name) => $"{name}-{Guid.NewGuid():N}"[..Math.Min(name.Length + 9, 64)];

    public static Prediction Prediction(string sensorId, DateTimeOffset timestamp, double power, double expected, bool isAnomaly = false, string? kind = "normal") =>
        new(sensorId, timestamp, SourcePartition: 2, SourceOffset: 40, power, expected, Score: isAnomaly ? 9.5 : 0.4, isAnomaly, "v0007", LatencyMs: 1.5, kind);

    public Task ProduceAsync(Prediction prediction, Headers? headers = null) => ProduceAsync(Topics.Predictions, prediction, headers);

    public Task ProduceAsync(string topic, Prediction prediction, Headers? headers = null) =>
        ProduceRawAsync(topic, prediction.SensorId, JsonSerializer.SerializeToUtf8Bytes(prediction, PipelineJsonContext.Default.Prediction), headers);

    public Task ProduceRawAsync(string key, byte[] value, Headers? headers = null) => ProduceRawAsync(Topics.Predictions, key, value, headers);

    public async Task ProduceRawAsync(string topic, string key, byte[] value, Headers? headers = null) =>
        await _producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = value, Headers = headers });

    public void Dispose() => _producer.Dispose();
}
