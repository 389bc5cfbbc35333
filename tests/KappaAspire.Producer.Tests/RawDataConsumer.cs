using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Testing;

namespace KappaAspire.Producer.Tests;

/// <summary>Reads <c>iot_raw_data</c> from the beginning of every partition, keeping the records of one test's sensors.</summary>
internal sealed class RawDataConsumer : IDisposable
{
    private const int Partitions = 6;
    private readonly IConsumer<string, byte[]> _consumer;
    private readonly string _keyPrefix;
    private readonly List<ConsumeResult<string, byte[]>> _records = [];

    public RawDataConsumer(EmbeddedKafkaFixture kafka, string keyPrefix)
    {
        _keyPrefix = keyPrefix;
        EnsureTopic(kafka);
        _consumer = new ConsumerBuilder<string, byte[]>(kafka.ConsumerConfig($"producer-tests-{Guid.NewGuid():N}")).Build();
        // Assigned, not subscribed: no group rebalance to wait for.
        _consumer.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(Topics.RawData, p, Offset.Beginning)));
    }

    /// <summary>This test's records so far, in the order they were consumed.</summary>
    public IReadOnlyList<ConsumeResult<string, byte[]>> Records => _records;

    /// <summary>Consumes until <paramref name="done"/> holds for this test's records.</summary>
    public IReadOnlyList<ConsumeResult<string, byte[]>> ReadUntil(
        Func<IReadOnlyList<ConsumeResult<string, byte[]>>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(_records))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {_records.Count} records of '{_keyPrefix}*' arrived within {timeout}.");
            }

            // Drain for a moment before asking again: conditions may scan every record.
            var batchEnd = DateTime.UtcNow + TimeSpan.FromMilliseconds(100);
            while (DateTime.UtcNow < batchEnd && _consumer.Consume(TimeSpan.FromMilliseconds(50)) is { } result)
            {
                if (result.Message.Key?.StartsWith(_keyPrefix, StringComparison.Ordinal) == true)
                {
                    _records.Add(result);
                }
            }
        }
        return _records;
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }

    private static void EnsureTopic(EmbeddedKafkaFixture kafka)
    {
        using var admin = kafka.Admin();
        try
        {
            admin.CreateTopicsAsync([new TopicSpecification { Name = Topics.RawData, NumPartitions = Partitions, ReplicationFactor = 1 }])
                .GetAwaiter().GetResult();
        }
        catch (CreateTopicsException ex) when (ex.Results.All(r => r.Error.Code is ErrorCode.TopicAlreadyExists or ErrorCode.NoError))
        {
        }
    }
}
