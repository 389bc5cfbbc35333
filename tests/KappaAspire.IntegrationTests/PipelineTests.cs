using System.Net;
using System.Text;
using Confluent.Kafka;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Grpc;

namespace KappaAspire.IntegrationTests;

/// <summary>The pipeline end to end, driven through its real endpoints and checked against what the topics hold.</summary>
[Collection(SystemCollection.Name)]
public sealed class PipelineTests(KappaSystemFixture system, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Every_valid_reading_yields_exactly_one_prediction_from_a_promoted_model()
    {
        var promoted = await system.TrainUntilPromotedAsync(Patience);
        await system.WaitForPredictionsAsync(p => p.ModelVersion == promoted, $"predictions with model {promoted}");

        await system.SetProducerPausedAsync(true);
        try
        {
            var (readings, predictions, missing) = await system.WaitUntilEveryReadingIsScoredAsync();
            output.WriteLine($"{missing} readings without a prediction at the end of the wait");
            var bySource = predictions.GroupBy(p => (p.SourcePartition, p.SourceOffset)).ToList();
            var duplicates = bySource.Count(g => g.Count() > 1);
            output.WriteLine($"{readings.Count} valid readings, {predictions.Count} predictions, {duplicates} duplicated by source offset");

            Assert.Equal(readings.Select(r => (r.Partition.Value, r.Offset.Value)).Order(), bySource.Select(g => g.Key).Order());
            Assert.All(bySource, g => Assert.Single(g.Select(p => p.ModelVersion).Distinct()));
            Assert.Contains(predictions, p => p.ModelVersion == promoted);
        }
        finally
        {
            await system.SetProducerPausedAsync(false);
        }
    }

    [Fact]
    public async Task A_retrained_model_is_served_by_every_inference_replica_within_five_seconds()
    {
        var first = await system.TrainUntilPromotedAsync(Patience);

        var second = await system.TrainAndPromoteAsync();
        Assert.NotEqual(first, second);
        var promotedAt = DateTimeOffset.UtcNow;

        // Every prediction of a reading from five seconds after the promotion on, once there are some on every partition.
        var after = await system.WaitForPredictionsAsync(p => p.Timestamp > promotedAt.AddSeconds(5),
            "predictions of readings from 5 s after the promotion", KappaSystemFixture.OnEveryPartition);
        Assert.All(after, p => Assert.Equal(second, p.ModelVersion));
        Assert.Equal(6, after.Select(p => p.SourcePartition).Distinct().Count()); // every partition, so both replicas
    }

    [Fact]
    public async Task Malformed_and_out_of_range_readings_end_in_the_dead_letter_topic_and_the_stream_goes_on()
    {
        await system.TrainUntilPromotedAsync(Patience);
        byte[] malformed = Encoding.UTF8.GetBytes("{\"sensorId\": \"sensor-01\", \"temperature\": ");
        byte[] outOfRange = Encoding.UTF8.GetBytes(
            $"{{\"sensorId\":\"sensor-01\",\"timestamp\":\"{DateTime.UtcNow:O}\",\"temperature\":500,\"humidity\":40,\"power\":1000}}");

        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = system.KafkaBootstrap }).Build();
        var sentMalformed = await producer.ProduceAsync(Topics.RawData, new Message<string, byte[]> { Key = "sensor-01", Value = malformed });
        var sentOutOfRange = await producer.ProduceAsync(Topics.RawData, new Message<string, byte[]> { Key = "sensor-01", Value = outOfRange });

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        List<ConsumeResult<string, byte[]>> dead;
        do
        {
            dead = TopicReader.ReadAll(system.KafkaBootstrap, Topics.DeadLetter, TimeSpan.FromSeconds(10));
            if (dead.Count >= 2 && Find(dead, sentMalformed) is not null && Find(dead, sentOutOfRange) is not null) break;
            await Task.Delay(500);
        } while (DateTime.UtcNow < deadline);

        var malformedRecord = Find(dead, sentMalformed);
        var outOfRangeRecord = Find(dead, sentOutOfRange);
        Assert.NotNull(malformedRecord);
        Assert.NotNull(outOfRangeRecord);
        Assert.Equal(malformed, malformedRecord.Message.Value);
        Assert.Equal(outOfRange, outOfRangeRecord.Message.Value);
        Assert.Contains("malformed", Header(malformedRecord, PipelineHeaders.Error), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("range", Header(outOfRangeRecord, PipelineHeaders.Error), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Topics.RawData, Header(malformedRecord, PipelineHeaders.SourceTopic));

        // The stream goes on: readings produced afterwards are still scored.
        var since = DateTimeOffset.UtcNow;
        await system.WaitForPredictionsAsync(p => p.Timestamp > since, "predictions after the bad records");
    }

    [Fact]
    public async Task The_model_channel_refuses_calls_without_the_token()
    {
        var endpoint = system.App.GetEndpoint("trainer", "grpc");
        using var channel = GrpcChannel.ForAddress(endpoint);
        var client = new ModelDistribution.ModelDistributionClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.ListModelsAsync(new ListModelsRequest()));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Control_endpoints_refuse_calls_without_the_operator_token_the_AppHost_gives_trainer_and_producer()
    {
        foreach (var (service, path) in new[] { ("trainer", "/train"), ("trainer", "/models/rollback"), ("producer", "/pause"), ("producer", "/rate") })
        {
            using var anonymous = system.App.CreateHttpClient(service, "http");
            using var refused = await anonymous.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{service} POST {path}: {(int)refused.StatusCode}");
        }

        // With the operator-token parameter, the same call is served.
        using var served = await system.Producer.PostAsync("/resume", null);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    private static ConsumeResult<string, byte[]>? Find(List<ConsumeResult<string, byte[]>> dead, DeliveryResult<string, byte[]> sent) =>
        dead.FirstOrDefault(d => Header(d, PipelineHeaders.SourceOffset) == sent.Offset.Value.ToString()
                                 && Header(d, PipelineHeaders.SourcePartition) == sent.Partition.Value.ToString());

    private static string Header(ConsumeResult<string, byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : "";
}
