using KappaAspire.Testing;
using Confluent.Kafka;

namespace KappaAspire.Broker.Tests;

/// <summary>Durability: nothing acknowledged before a crash is lost or reordered, and a damaged tail is cut off on start.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "kappa-crash-tests", Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePort.Next();
    private string Bootstrap => $"127.0.0.1:{_port}";

    [Fact]
    public async Task Every_record_acknowledged_before_a_kill_is_readable_in_order_after_restart_and_commits_survive()
    {
        const string topic = "crash";
        var acknowledged = new List<(int Partition, long Offset, string Value)>();
        TopicPartitionOffset committed;
        using (var broker = await BrokerProcess.StartAsync(_port, _dataDir))
        {
            await KafkaTestClient.CreateTopicAsync(Bootstrap, topic, 3);
            committed = CommitSomething(topic);

            var config = new ProducerConfig { BootstrapServers = Bootstrap, Acks = Acks.All, EnableIdempotence = true, LingerMs = 2, MessageTimeoutMs = 5000 };
            using var producer = new ProducerBuilder<string, string>(config).Build();
            var stopAt = DateTime.UtcNow.AddSeconds(2);
            var i = 0;
            while (DateTime.UtcNow < stopAt)
            {
                try
                {
                    producer.Produce(topic, new Message<string, string> { Key = $"k{i % 17}", Value = $"v{i}" }, report =>
                    {
                        if (report.Error.IsError) return;
                        lock (acknowledged) acknowledged.Add((report.Partition.Value, report.Offset.Value, report.Message.Value));
                    });
                    if (++i % 1000 == 0) producer.Poll(TimeSpan.Zero);
                }
                catch (ProduceException<string, string> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(10)); // the client's queue is full: let deliveries drain
                }
            }
            broker.Kill(); // mid-stream: more records are in flight
            producer.Flush(TimeSpan.FromSeconds(6));
        }

        using (await BrokerProcess.StartAsync(_port, _dataDir))
        {
            var read = KafkaTestClient.ReadAll(Bootstrap, topic, 3);
            var stored = read.ToDictionary(r => (r.Partition.Value, r.Offset.Value), r => r.Message.Value);

            Assert.NotEmpty(acknowledged);
            foreach (var (partition, offset, value) in acknowledged)
                Assert.Equal(value, stored.GetValueOrDefault((partition, offset)));
            foreach (var partition in read.GroupBy(r => r.Partition.Value))
                Assert.Equal(Enumerable.Range(0, partition.Count()).Select(o => (long)o), partition.Select(r => r.Offset.Value));

            using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = Bootstrap, GroupId = "crash-group" }).Build();
            var after = consumer.Committed([committed.TopicPartition], TimeSpan.FromSeconds(10)).Single();
            Assert.Equal(committed.Offset, after.Offset);
        }
    }

    [Fact]
    public async Task A_torn_or_corrupt_tail_is_truncated_on_start_and_the_log_continues()
    {
        const string topic = "torn";
        using (await BrokerProcess.StartAsync(_port, _dataDir))
        {
            await KafkaTestClient.CreateTopicAsync(Bootstrap, topic, 1);
            await KafkaTestClient.ProduceAsync(new ProducerConfig { BootstrapServers = Bootstrap, LingerMs = 0, BatchNumMessages = 1 }, topic, 100);
        }

        var segment = Directory.GetFiles(Path.Combine(_dataDir, "logs", "torn-0"), "*.log").Single();
        var intact = File.ReadAllBytes(segment);
        // A half-written batch after the last good one, as a crash in the middle of a write leaves it.
        File.WriteAllBytes(segment, [.. intact, .. intact.AsSpan(0, 40).ToArray(), .. new byte[] { 0xde, 0xad }]);

        using (await BrokerProcess.StartAsync(_port, _dataDir))
        {
            Assert.Equal(intact.Length, new FileInfo(segment).Length);
            await KafkaTestClient.ProduceAsync(new ProducerConfig { BootstrapServers = Bootstrap }, topic, 10);
            var read = KafkaTestClient.ReadAll(Bootstrap, topic, 1);
            Assert.Equal(110, read.Count);
            Assert.Equal(Enumerable.Range(0, 110).Select(o => (long)o), read.Select(r => r.Offset.Value));
        }

        // Flip a byte inside the last batch's records: its CRC no longer matches, so that batch is dropped.
        var bytes = File.ReadAllBytes(segment);
        bytes[^3] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);
        using (await BrokerProcess.StartAsync(_port, _dataDir))
        {
            var read = KafkaTestClient.ReadAll(Bootstrap, topic, 1);
            Assert.InRange(read.Count, 100, 109);
            Assert.Equal(Enumerable.Range(0, read.Count).Select(o => (long)o), read.Select(r => r.Offset.Value));
        }
    }

    private TopicPartitionOffset CommitSomething(string topic)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = Bootstrap, GroupId = "crash-group" }).Build();
        var position = new TopicPartitionOffset(topic, 1, 7);
        consumer.Commit([position]);
        return position;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}
