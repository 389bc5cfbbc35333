using System.Net;
using System.Net.Http.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KappaAspire.Testing;

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
