using System.Net;
using System.Net.Http.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KappaAspire.Testing;
using KappaAspire.Viewer.LogView;

namespace KappaAspire.Viewer.Tests;

public sealed class LogViewTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Topics_show_their_partitions_watermarks_and_retention()
    {
        var topic = $"log-view-{Guid.NewGuid():N}";
        await CreateAsync(topic, partitions: 3);
        await ProduceAsync(topic, partition: 1, count: 10);
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);

        var view = await viewer.Http.GetFromJsonAsync("/api/log/topics", ViewerJsonContext.Default.TopicsView);

        var shown = Assert.Single(view!.Topics, t => t.Name == topic);
        Assert.Equal(10, shown.Records);
        Assert.Equal([(0, 0L, 0L), (1, 0L, 10L), (2, 0L, 0L)], shown.Partitions.Select(p => (p.Partition, p.Low, p.High)));
        Assert.Null(shown.Error);
        Assert.Equal((-1L, -1L), (shown.RetentionMs, shown.RetentionBytes)); // the embedded broker keeps the log (the Kappa default)
        Assert.DoesNotContain(view.Topics, t => t.Name.StartsWith("__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_group_shows_its_commits_and_its_lag_behind_the_high_watermark()
    {
        var topic = $"log-view-{Guid.NewGuid():N}";
        var group = $"log-view-group-{Guid.NewGuid():N}";
        await CreateAsync(topic, partitions: 2);
        await ProduceAsync(topic, partition: 0, count: 10);
        using (var consumer = new ConsumerBuilder<Ignore, Ignore>(kafka.ConsumerConfig(group)).Build())
        {
            consumer.Commit([new TopicPartitionOffset(topic, 0, 4)]);
        }
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);

        var view = await viewer.Http.GetFromJsonAsync("/api/log/groups", ViewerJsonContext.Default.GroupsView);

        var shown = Assert.Single(view!.Groups, g => g.Group == group);
        Assert.Empty(shown.Members); // committed by a client that left: nobody is assigned
        var partition = Assert.Single(shown.Partitions);
        Assert.Equal((topic, 0, 4L, 10L, 6L), (partition.Topic, partition.Partition, partition.Committed, partition.High, partition.Lag));
        Assert.Equal(6, shown.Lag);
    }

    [Fact]
    public async Task The_page_is_served_and_linked_from_the_live_view()
    {
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);

        var index = await viewer.Http.GetStringAsync("/");
        var page = await viewer.Http.GetAsync("/log.html");

        Assert.Contains("href=\"log.html\"", index);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("api/log/groups", await viewer.Http.GetStringAsync("/log.js"));
    }

    [Fact]
    public async Task Records_are_browsed_from_an_offset_or_a_time_with_keys_headers_and_pretty_json()
    {
        var topic = $"log-view-{Guid.NewGuid():N}";
        await CreateAsync(topic, partitions: 1);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using (var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build())
        {
            for (var i = 0; i < 5; i++)
            {
                await producer.ProduceAsync(topic, new Message<byte[], byte[]>
                {
                    Key = System.Text.Encoding.UTF8.GetBytes($"sensor-{i}"),
                    Value = i == 4 ? [0xff, 0xfe, 0x00] : System.Text.Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"),
                    Headers = [new Header("kappa-error", System.Text.Encoding.UTF8.GetBytes($"error {i}"))],
                    Timestamp = new Timestamp(start.AddMinutes(i)),
                });
            }
        }
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);

        var fromOffset = await viewer.Http.GetFromJsonAsync($"/api/log/records?topic={topic}&partition=0&offset=1&limit=2", ViewerJsonContext.Default.RecordsView);
        var fromTime = await viewer.Http.GetFromJsonAsync($"/api/log/records?topic={topic}&partition=0&time={Uri.EscapeDataString(start.AddMinutes(3).ToString("O"))}", ViewerJsonContext.Default.RecordsView);

        Assert.Equal((1L, 0L, 5L), (fromOffset!.From, fromOffset.Low, fromOffset.High));
        Assert.Equal([1L, 2L], fromOffset.Records.Select(r => r.Offset));
        var first = fromOffset.Records[0];
        Assert.Equal(("sensor-1", "utf8"), (first.Key, first.KeyEncoding));
        Assert.Equal(("json", "{\n  \"n\": 1\n}"), (first.ValueEncoding, first.Value!.ReplaceLineEndings("\n")));
        Assert.Equal(new HeaderView("kappa-error", "error 1"), Assert.Single(first.Headers));
        Assert.Equal(start.AddMinutes(1), first.Timestamp);
        Assert.Equal([3L, 4L], fromTime!.Records.Select(r => r.Offset));
        Assert.Equal(("base64", Convert.ToBase64String([0xff, 0xfe, 0x00])), (fromTime.Records[1].ValueEncoding, fromTime.Records[1].Value));
    }

    [Fact]
    public async Task Browsing_without_a_topic_or_with_an_unknown_partition_is_refused_clearly()
    {
        var topic = $"log-view-{Guid.NewGuid():N}";
        await CreateAsync(topic, partitions: 1);
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);

        var missing = await viewer.Http.GetAsync("/api/log/records?partition=0");
        var unknown = await viewer.Http.GetAsync($"/api/log/records?topic={topic}&partition=7");

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Re_driving_a_dead_letter_writes_it_back_to_its_source_with_a_header_saying_so_and_deletes_nothing()
    {
        const string token = "log-view-operator-token";
        var dlq = $"dlq-{Guid.NewGuid():N}";
        var source = $"raw-{Guid.NewGuid():N}";
        await CreateAsync(dlq, partitions: 1);
        await CreateAsync(source, partitions: 1);
        using (var producer = new ProducerBuilder<byte[], byte[]>(kafka.ProducerConfig()).Build())
        {
            Header H(string name, string value) => new(name, System.Text.Encoding.UTF8.GetBytes(value));
            await producer.ProduceAsync(dlq, new Message<byte[], byte[]>
            {
                Key = "sensor-1"u8.ToArray(), Value = "{\"power\": -5}"u8.ToArray(),
                Headers = [H("kappa-truth", "normal"), H("kappa-error", "out of range: power"), H("kappa-source-topic", source),
                    H("kappa-source-partition", "0"), H("kappa-source-offset", "3"), H("kappa-service", "inference")],
            });
            await producer.ProduceAsync(dlq, new Message<byte[], byte[]> { Key = "sensor-2"u8.ToArray(), Value = "{}"u8.ToArray() });
        }
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers, $"--Operator:Token={token}", $"--Viewer:DeadLetterTopic={dlq}");
        var body = JsonContent.Create(new RedriveRequest(0, [0, 1, 9]), ViewerJsonContext.Default.RedriveRequest);

        var refused = await viewer.Http.PostAsync("/api/log/redrive", body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/log/redrive") { Content = body };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var answer = await viewer.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        answer.EnsureSuccessStatusCode();
        var result = await answer.Content.ReadFromJsonAsync(ViewerJsonContext.Default.RedriveResult);
        Assert.Equal([(0L, "redriven", source), (1L, "no_source", null), (9L, "not_found", null)],
            result!.Records.Select(r => (r.DeadLetterOffset, r.Outcome, r.Topic)));
        var written = ReadAll(source);
        var again = Assert.Single(written);
        Assert.Equal(("sensor-1", "{\"power\": -5}"), (System.Text.Encoding.UTF8.GetString(again.Message.Key), System.Text.Encoding.UTF8.GetString(again.Message.Value)));
        Assert.Equal([("kappa-truth", "normal"), ("kappa-redriven-from", $"{dlq}/0/0")],
            again.Message.Headers.Select(h => (h.Key, System.Text.Encoding.UTF8.GetString(h.GetValueBytes()))));
        Assert.Equal(2, ReadAll(dlq).Count); // the dead letters stay
    }

    [Fact]
    public async Task Without_the_operator_token_the_viewer_offers_no_re_drive()
    {
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers);

        var answer = await viewer.Http.PostAsync("/api/log/redrive", JsonContent.Create(new RedriveRequest(0, [0]), ViewerJsonContext.Default.RedriveRequest));
        var availability = await viewer.Http.GetFromJsonAsync("/api/log/redrive", ViewerJsonContext.Default.RedriveAvailability);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, answer.StatusCode); // only the GET below exists
        Assert.Equal(new RedriveAvailability("iot_raw_data.dlq", Enabled: false), availability);
    }

    private List<ConsumeResult<byte[], byte[]>> ReadAll(string topic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(kafka.ConsumerConfig($"read-{Guid.NewGuid():N}")).Build();
        var end = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (records.Count < end && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } record) records.Add(record);
        }
        return records;
    }

    private async Task CreateAsync(string topic, int partitions)
    {
        using var admin = kafka.Admin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]);
    }

    private async Task ProduceAsync(string topic, int partition, int count)
    {
        using var producer = new ProducerBuilder<Null, string>(kafka.ProducerConfig()).Build();
        for (var i = 0; i < count; i++)
        {
            await producer.ProduceAsync(new TopicPartition(topic, partition), new Message<Null, string> { Value = $"record {i}" });
        }
    }
}
