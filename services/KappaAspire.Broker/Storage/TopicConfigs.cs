using System.Globalization;

namespace KappaAspire.Broker.Storage;

/// <summary>
/// Which topic configs a create or alter may set. The broker applies retention.ms, retention.bytes, segment.bytes and
/// cleanup.policy=delete; Kafka's other topic configs are kept and described but change nothing on this one node;
/// a name Kafka does not know, a value out of range, or compaction (not implemented) is refused with the reason.
/// </summary>
internal static class TopicConfigs
{
    public const string RetentionMs = "retention.ms";
    public const string RetentionBytes = "retention.bytes";
    public const string SegmentBytes = "segment.bytes";
    public const string CleanupPolicy = "cleanup.policy";

    /// <summary>Kafka's own topic configs besides the applied ones, with Kafka's defaults (facts of Kafka's TopicConfig).</summary>
    public static readonly IReadOnlyDictionary<string, string> KeptOnly = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["compression.type"] = "producer", ["compression.gzip.level"] = "-1", ["compression.lz4.level"] = "9", ["compression.zstd.level"] = "3",
        ["delete.retention.ms"] = "86400000", ["file.delete.delay.ms"] = "60000",
        ["flush.messages"] = "9223372036854775807", ["flush.ms"] = "9223372036854775807",
        ["follower.replication.throttled.replicas"] = "", ["leader.replication.throttled.replicas"] = "", ["index.interval.bytes"] = "4096",
        ["local.retention.bytes"] = "-2", ["local.retention.ms"] = "-2", ["max.compaction.lag.ms"] = "9223372036854775807",
        ["max.message.bytes"] = "1048588", ["message.downconversion.enable"] = "true", ["message.format.version"] = "3.0-IV1",
        ["message.timestamp.after.max.ms"] = "9223372036854775807", ["message.timestamp.before.max.ms"] = "9223372036854775807",
        ["message.timestamp.difference.max.ms"] = "9223372036854775807", ["message.timestamp.type"] = "CreateTime",
        ["min.cleanable.dirty.ratio"] = "0.5", ["min.compaction.lag.ms"] = "0", ["min.insync.replicas"] = "1", ["preallocate"] = "false",
        ["remote.storage.enable"] = "false", ["segment.index.bytes"] = "10485760", ["segment.jitter.ms"] = "0", ["segment.ms"] = "604800000",
        ["unclean.leader.election.enable"] = "false",
    };

    /// <summary>
    /// The configs the broker applies, in name order: each with the broker-wide setting it falls back to (Kafka's name
    /// for it) and that setting's value in given storage options.
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string BrokerName, Func<StorageOptions, string> Value)> Applied =
    [
        (CleanupPolicy, "log.cleanup.policy", _ => "delete"),
        (RetentionBytes, "log.retention.bytes", s => Text(s.RetentionBytes)),
        (RetentionMs, "log.retention.ms", s => Text(s.RetentionMs)),
        (SegmentBytes, "log.segment.bytes", s => Text(s.SegmentBytes)),
    ];

    /// <summary>Null when every config may be set; otherwise why the first that may not be is refused.</summary>
    public static string? Validate(IReadOnlyDictionary<string, string> configs)
    {
        foreach (var (name, value) in configs)
        {
            if (name is not (RetentionMs or RetentionBytes or SegmentBytes or CleanupPolicy) && !KeptOnly.ContainsKey(name))
                return $"Unknown topic config name: {name}.";
            var problem = name switch
            {
                RetentionMs or RetentionBytes => IsLongAtLeast(value, -1, long.MaxValue) ? null : "a whole number of at least -1 (-1: no limit)",
                SegmentBytes => IsLongAtLeast(value, 14, int.MaxValue) ? null : "a whole number from 14 to 2147483647",
                CleanupPolicy => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is ["delete"] ? null
                    : "'delete': the embedded broker does not compact logs (use real Kafka for compacted topics)",
                _ => null,
            };
            if (problem is not null) return $"Invalid value '{value}' for config {name}: it must be {problem}.";
        }
        return null;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool IsLongAtLeast(string value, long min, long max) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max;
}
