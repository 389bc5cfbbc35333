using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KappaAspire.Testing;

namespace KappaAspire.Broker.Tests;

/// <summary>Retention removes whole old segments, by size and by age; what remains reads from the new log start.</summary>
public sealed class RetentionTests(EmbeddedKafkaFixture broker) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public async Task Size_retention_deletes_the_oldest_segments_and_moves_the_log_start()
    {
        var topic = await CreateTopicAsync(new() { ["segment.bytes"] = "16384", ["retention.bytes"] = "32768" });

        await ProduceAsync(topic, 3000, DateTime.UtcNow);

        // Sweeps may already run while the records arrive; wait for the one after the last segment rolled.
        var (low, high) = await WaitForWatermarksAsync(topic, w => w.Low > 0 && SegmentFiles(topic) <= 5);
        var read = KafkaTestClient.ReadAll(broker.BootstrapServers, topic, 1);
        Assert.Equal(3000, high);
        Assert.Equal(high - low, read.Count);
        Assert.Equal(low, read[0].Offset.Value);
        Assert.InRange(SegmentFiles(topic), 2, 5);
    }

    [Fact]
    public async Task Time_retention_deletes_segments_whose_newest_record_is_too_old()
    {
        var topic = await CreateTopicAsync(new() { ["segment.bytes"] = "16384", ["retention.ms"] = "60000" });

        await ProduceAsync(topic, 2000, DateTime.UtcNow.AddHours(-2));

        // A sweep may run while the records arrive and move the start only part of the way; the next one finishes the job.
        var (low, _) = await WaitForWatermarksAsync(topic, w => w.Low > 1500);
        Assert.True(low > 1500, $"all sealed segments are two hours old and should go; log start is {low}");
        // Files are removed just after the log start moves; give the deletion a moment.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (SegmentFiles(topic) > 1 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(1, SegmentFiles(topic));
    }

    private async Task<string> CreateTopicAsync(Dictionary<string, string> configs)
    {
        var topic = $"retention-{Guid.NewGuid():N}";
        using var admin = broker.Admin();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 1, ReplicationFactor = 1, Configs = configs }]);
        return topic;
    }

    private async Task ProduceAsync(string topic, int count, DateTime timestamp)
    {
        var config = broker.ProducerConfig();
        config.BatchNumMessages = 20; // many small batches, so segments roll often
        using var producer = new ProducerBuilder<string, string>(config).Build();
        var sends = Enumerable.Range(0, count).Select(i => producer.ProduceAsync(topic, new Message<string, string>
        {
            Key = "k", Value = new string('x', 100) + i, Timestamp = new Timestamp(timestamp),
        }));
        await Task.WhenAll(sends);
    }

    /// <summary>
    /// Polls the partition's watermarks until <paramref name="done"/> holds and they, and the segment files, stay the same
    /// for three sweep intervals (so no sweep is still under way); gives up after 20 s and returns the last ones.
    /// </summary>
    private async Task<(long Low, long High)> WaitForWatermarksAsync(string topic, Func<(long Low, long High), bool> done)
    {
        using var consumer = new ConsumerBuilder<string, string>(broker.ConsumerConfig("retention")).Build();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        (long, long, int)? previous = null;
        var stableSince = DateTime.UtcNow;
        while (true)
        {
            var w = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(5));
            var watermarks = (w.Low.Value, w.High.Value);
            var state = (w.Low.Value, w.High.Value, SegmentFiles(topic));
            if (state != previous) (previous, stableSince) = (state, DateTime.UtcNow);
            if ((done(watermarks) && DateTime.UtcNow - stableSince >= TimeSpan.FromMilliseconds(600)) || DateTime.UtcNow > deadline) return watermarks;
            await Task.Delay(100);
        }
    }

    private int SegmentFiles(string topic) =>
        Directory.GetFiles(Path.Combine(broker.DataDir, "logs", $"{topic}-0"), "*.log").Length;
}
