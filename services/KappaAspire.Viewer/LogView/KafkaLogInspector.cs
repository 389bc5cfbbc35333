using Confluent.Kafka;
using Confluent.Kafka.Admin;
using KappaAspire.ServiceDefaults.Kafka;

namespace KappaAspire.Viewer.LogView;

/// <summary>
/// What an operator wants to see of the log, read with Kafka's admin and consumer APIs only (so it reads real Kafka the
/// same way): topics with partitions and watermarks, consumer groups with their members, commits and lag.
/// </summary>
/// <remarks>Its own clients, assign-only: it never joins a group, so looking at the log changes nothing in it.</remarks>
internal sealed class KafkaLogInspector : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly IAdminClient _admin;
    private readonly IConsumer<Ignore, Ignore> _watermarks;
    private readonly TimeProvider _time;

    public KafkaLogInspector(IConfiguration configuration, TimeProvider time)
    {
        _time = time;
        _watermarks = new ConsumerBuilder<Ignore, Ignore>(KafkaConnection.Apply(configuration, new ConsumerConfig
        {
            GroupId = "kappa-viewer-log-view", EnableAutoCommit = false, ClientId = "viewer-log-view",
        })).Build();
        _admin = new DependentAdminClientBuilder(_watermarks.Handle).Build();
    }

    public async Task<TopicsView> TopicsAsync()
    {
        var metadata = _admin.GetMetadata(Timeout);
        var listed = metadata.Topics
            .Where(t => !t.Topic.StartsWith("__", StringComparison.Ordinal))
            .OrderBy(t => t.Topic, StringComparer.Ordinal)
            .ToList();
        var retention = await RetentionAsync(listed.Select(t => t.Topic));
        var topics = listed.Select(t =>
            {
                var partitions = t.Partitions.OrderBy(p => p.PartitionId).Select(p =>
                {
                    var w = _watermarks.QueryWatermarkOffsets(new TopicPartition(t.Topic, p.PartitionId), Timeout);
                    return new PartitionView(p.PartitionId, w.Low.Value, w.High.Value, p.Leader);
                }).ToList();
                var (ms, bytes) = retention.GetValueOrDefault(t.Topic);
                return new TopicView(t.Topic, partitions.Sum(p => p.High - p.Low), partitions, t.Error.IsError ? t.Error.Reason : null, ms, bytes);
            })
            .ToList();
        return new TopicsView(metadata.Brokers.Count, topics, _time.GetUtcNow());
    }

    /// <summary><c>retention.ms</c> and <c>retention.bytes</c> per topic; a topic whose configuration could not be read is left out.</summary>
    private async Task<Dictionary<string, (long? Ms, long? Bytes)>> RetentionAsync(IEnumerable<string> topics)
    {
        var resources = topics.Select(t => new ConfigResource { Type = ResourceType.Topic, Name = t }).ToList();
        if (resources.Count == 0) return [];
        IEnumerable<(string Topic, Dictionary<string, ConfigEntryResult> Entries)> read;
        try
        {
            read = (await _admin.DescribeConfigsAsync(resources, new DescribeConfigsOptions { RequestTimeout = Timeout }))
                .Select(r => (r.ConfigResource.Name, r.Entries));
        }
        catch (DescribeConfigsException ex)
        {
            read = ex.Results.Where(r => !r.Error.IsError).Select(r => (r.ConfigResource.Name, r.Entries));
        }
        return read.ToDictionary(r => r.Topic, r => (Long(r.Entries, "retention.ms"), Long(r.Entries, "retention.bytes")));

        static long? Long(Dictionary<string, ConfigEntryResult> entries, string name) =>
            entries.TryGetValue(name, out var entry) && long.TryParse(entry.Value, out var value) ? value : null;
    }

    public async Task<GroupsView> GroupsAsync()
    {
        var listed = await _admin.ListConsumerGroupsAsync(new ListConsumerGroupsOptions { RequestTimeout = Timeout });
        var ids = listed.Valid.Select(g => g.GroupId).Order(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) return new GroupsView([], _time.GetUtcNow());

        var described = await _admin.DescribeConsumerGroupsAsync(ids, new DescribeConsumerGroupsOptions { RequestTimeout = Timeout });
        var groups = new List<GroupView>();
        foreach (var group in described.ConsumerGroupDescriptions.OrderBy(g => g.GroupId, StringComparer.Ordinal))
        {
            var offsets = await _admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group.GroupId, null)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = Timeout });
            var partitions = offsets.Single().Partitions
                .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value)
                .Select(p => Lag(p.TopicPartition, p.Offset))
                .ToList();
            var members = group.Members
                .Select(m => new MemberView(m.ClientId, m.Host, [.. (m.Assignment?.TopicPartitions ?? []).Select(tp => $"{tp.Topic}-{tp.Partition.Value}")]))
                .ToList();
            groups.Add(new GroupView(group.GroupId, group.State.ToString(), members, partitions, partitions.Sum(p => p.Lag)));
        }
        return new GroupsView(groups, _time.GetUtcNow());
    }

    private GroupPartitionView Lag(TopicPartition partition, Offset committed)
    {
        var w = _watermarks.QueryWatermarkOffsets(partition, Timeout);
        long? position = committed == Offset.Unset ? null : committed.Value;
        var lag = Math.Max(0, w.High.Value - (position ?? w.Low.Value));
        return new GroupPartitionView(partition.Topic, partition.Partition.Value, position, w.High.Value, lag);
    }

    public void Dispose()
    {
        _admin.Dispose();
        _watermarks.Dispose();
    }
}
