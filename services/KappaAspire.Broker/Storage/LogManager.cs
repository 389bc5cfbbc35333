using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using KappaAspire.Broker.Protocol;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Storage;

/// <summary>
/// Owns every topic's logs under the data directory: recovery on start, create and delete, per-topic
/// storage settings, retention, and durable producer-id allocation.
/// </summary>
internal sealed partial class LogManager : IDisposable
{
    /// <summary>Producer ids are reserved on disk in blocks so ids never repeat across restarts.</summary>
    private const long ProducerIdBlockSize = 1000;

    private readonly BrokerOptions _options;
    private readonly ILogger<LogManager> _logger;
    private readonly ConcurrentDictionary<string, TopicLog> _topics = new(StringComparer.Ordinal);
    private readonly Lock _metadataLock = new();
    private readonly BrokerMetadataFile _metadataFile;
    private readonly string _logsDirectory;
    private long _nextProducerId;
    private long _producerIdBlockEnd;

    public LogManager(IOptions<BrokerOptions> options, ILogger<LogManager> logger)
    {
        _options = options.Value;
        _logger = logger;
        Directory.CreateDirectory(_options.DataDir);
        _logsDirectory = Path.Combine(_options.DataDir, "logs");
        Directory.CreateDirectory(_logsDirectory);
        _metadataFile = new BrokerMetadataFile(Path.Combine(_options.DataDir, "metadata.json"));
    }

    public ICollection<TopicLog> Topics => _topics.Values;

    /// <summary>Recovers every partition of every known topic (validating batches, truncating torn tails).</summary>
    public void Recover()
    {
        var metadata = _metadataFile.Load();
        _nextProducerId = _producerIdBlockEnd = metadata.NextProducerIdBlock;
        foreach (var topic in metadata.Topics)
        {
            var storage = StorageFor(topic.Configs);
            var partitions = new PartitionLog[topic.Partitions];
            for (var p = 0; p < topic.Partitions; p++)
            {
                var directory = PartitionDirectory(topic.Name, p);
                partitions[p] = Directory.Exists(directory)
                    ? PartitionLog.Recover(topic.Name, p, directory, storage, _logger)
                    : PartitionLog.Create(topic.Name, p, directory, storage);
            }
            _topics[topic.Name] = new TopicLog(topic.Name, topic.Id, topic.Configs, partitions);
        }
        _logger.LogInformation("Recovered {Topics} topics with {Partitions} partitions from {DataDir}",
            _topics.Count, _topics.Values.Sum(t => t.Partitions.Length), _options.DataDir);
    }

    public bool TryGetTopic(string name, out TopicLog topic) => _topics.TryGetValue(name, out topic!);

    public PartitionLog? GetPartition(string topic, int partition) =>
        _topics.TryGetValue(topic, out var log) ? log.Partition(partition) : null;

    public static ErrorCode ValidateTopicName(string name, out string? message)
    {
        message = null;
        if (name.Length == 0 || name.Length > 249 || name is "." or ".." || !LegalTopicName().IsMatch(name))
        {
            message = $"Topic name '{name}' is illegal: use 1-249 characters from [a-zA-Z0-9._-].";
            return ErrorCode.InvalidTopic;
        }
        return ErrorCode.None;
    }

    public ErrorCode CreateTopic(string name, int partitions, IReadOnlyDictionary<string, string>? configs, bool validateOnly, out string? message)
    {
        var error = ValidateTopicName(name, out message);
        if (error != ErrorCode.None) return error;
        if (partitions <= 0 || partitions > 10_000)
        {
            message = $"Number of partitions {partitions} must be between 1 and 10000.";
            return ErrorCode.InvalidPartitions;
        }
        var topicConfigs = new Dictionary<string, string>(configs ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (!TryValidateConfigs(topicConfigs, out message)) return ErrorCode.InvalidConfig;

        lock (_metadataLock)
        {
            if (_topics.ContainsKey(name))
            {
                message = $"Topic '{name}' already exists.";
                return ErrorCode.TopicAlreadyExists;
            }
            if (validateOnly) return ErrorCode.None;

            var storage = StorageFor(topicConfigs);
            var logs = new PartitionLog[partitions];
            for (var p = 0; p < partitions; p++) logs[p] = CreatePartition(name, p, storage);
            _topics[name] = new TopicLog(name, Guid.NewGuid(), topicConfigs, logs);
            SaveMetadata();
        }
        _logger.LogInformation("Created topic {Topic} with {Partitions} partitions", name, partitions);
        return ErrorCode.None;
    }

    /// <summary>
    /// Grows a topic to <paramref name="count"/> partitions (Kafka never shrinks one); <paramref name="assignments"/>,
    /// when the client gave replicas, must be one per new partition.
    /// </summary>
    public ErrorCode AddPartitions(string name, int count, int? assignments, bool validateOnly, out string? message)
    {
        lock (_metadataLock)
        {
            if (!_topics.TryGetValue(name, out var topic))
            {
                message = $"Topic '{name}' does not exist.";
                return ErrorCode.UnknownTopicOrPartition;
            }
            var current = topic.Partitions.Length;
            message = count == current ? $"Topic already has {current} partitions."
                : count < current ? $"Topic currently has {current} partitions, which is higher than the requested {count}."
                : count > 10_000 ? $"Number of partitions {count} must be at most 10000."
                : null;
            if (message is not null) return ErrorCode.InvalidPartitions;
            if (assignments is { } given && given != count - current)
            {
                message = $"Increasing the number of partitions by {count - current} but {given} assignments provided.";
                return ErrorCode.InvalidReplicaAssignment;
            }
            if (validateOnly) return ErrorCode.None;

            var storage = StorageFor(topic.Configs);
            var added = Enumerable.Range(current, count - current).Select(p => CreatePartition(name, p, storage));
            _topics[name] = new TopicLog(name, topic.Id, topic.Configs, [.. topic.Partitions, .. added]);
            SaveMetadata();
        }
        _logger.LogInformation("Topic {Topic} now has {Partitions} partitions", name, count);
        return ErrorCode.None;
    }

    /// <summary>
    /// Replaces a topic's configs with what <paramref name="alter"/> makes of them (null: refused, with the message it set);
    /// retention follows at its next pass, segment size at the next roll.
    /// </summary>
    public ErrorCode AlterTopicConfigs(string name, Func<IReadOnlyDictionary<string, string>, (Dictionary<string, string>? Configs, string? Error)> alter,
        bool validateOnly, out string? message)
    {
        lock (_metadataLock)
        {
            if (!_topics.TryGetValue(name, out var topic))
            {
                message = $"Topic '{name}' does not exist.";
                return ErrorCode.UnknownTopicOrPartition;
            }
            var (configs, error) = alter(topic.Configs);
            message = error;
            if (configs is null) return ErrorCode.InvalidConfig;
            if (!TryValidateConfigs(configs, out message)) return ErrorCode.InvalidConfig;
            if (validateOnly) return ErrorCode.None;

            var altered = new TopicLog(name, topic.Id, configs, topic.Partitions);
            var storage = StorageFor(configs);
            foreach (var partition in altered.Partitions) partition.Reconfigure(storage);
            _topics[name] = altered;
            SaveMetadata();
        }
        _logger.LogInformation("Altered the configs of topic {Topic}", name);
        return ErrorCode.None;
    }

    public ErrorCode DeleteTopic(string name)
    {
        TopicLog? topic;
        lock (_metadataLock)
        {
            if (!_topics.TryRemove(name, out topic)) return ErrorCode.UnknownTopicOrPartition;
            SaveMetadata();
        }
        foreach (var partition in topic.Partitions)
        {
            partition.Dispose();
            // Rename first so a topic re-created under the same name never sees the old files.
            var doomed = partition.Directory + "." + Guid.NewGuid().ToString("N") + ".deleted";
            Directory.Move(partition.Directory, doomed);
            Directory.Delete(doomed, recursive: true);
        }
        _logger.LogInformation("Deleted topic {Topic}", name);
        return ErrorCode.None;
    }

    public long AllocateProducerId()
    {
        lock (_metadataLock)
        {
            if (_nextProducerId >= _producerIdBlockEnd)
            {
                _producerIdBlockEnd = _nextProducerId + ProducerIdBlockSize;
                SaveMetadata();
            }
            return _nextProducerId++;
        }
    }

    /// <summary>Applies time and size retention to every partition; returns the number of segments deleted.</summary>
    public int ApplyRetention(long nowMs)
    {
        var deleted = 0;
        foreach (var topic in _topics.Values)
        {
            var storage = StorageFor(topic.Configs);
            foreach (var partition in topic.Partitions)
                deleted += partition.ApplyRetention(nowMs, storage.RetentionMs, storage.RetentionBytes);
        }
        return deleted;
    }

    public StorageOptions StorageFor(IReadOnlyDictionary<string, string> configs) => new()
    {
        SegmentBytes = configs.TryGetValue(TopicConfigs.SegmentBytes, out var s) ? long.Parse(s, CultureInfo.InvariantCulture) : _options.Storage.SegmentBytes,
        RetentionMs = configs.TryGetValue(TopicConfigs.RetentionMs, out var r) ? long.Parse(r, CultureInfo.InvariantCulture) : _options.Storage.RetentionMs,
        RetentionBytes = configs.TryGetValue(TopicConfigs.RetentionBytes, out var b) ? long.Parse(b, CultureInfo.InvariantCulture) : _options.Storage.RetentionBytes,
        Flush = _options.Storage.Flush,
    };

    private static bool TryValidateConfigs(Dictionary<string, string> configs, out string? message)
    {
        message = TopicConfigs.Validate(configs);
        return message is null;
    }

    private void SaveMetadata() => _metadataFile.Save(new BrokerMetadata(
        [.. _topics.Values.OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new TopicRecord(t.Name, t.Id, t.Partitions.Length, new Dictionary<string, string>(t.Configs)))],
        _producerIdBlockEnd));

    private PartitionLog CreatePartition(string topic, int partition, StorageOptions storage)
    {
        var directory = PartitionDirectory(topic, partition);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); // leftovers of a crash mid-create
        return PartitionLog.Create(topic, partition, directory, storage);
    }

    private string PartitionDirectory(string topic, int partition) => Path.Combine(_logsDirectory, $"{topic}-{partition}");

    public void Dispose()
    {
        foreach (var topic in _topics.Values)
            foreach (var partition in topic.Partitions)
                partition.Dispose();
        _logger.LogInformation("Flushed and closed all logs");
    }

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex LegalTopicName();
}
