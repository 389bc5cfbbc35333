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
    public async Task Topics_show_their_partitions_and_watermarks()
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
