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

    /// <summary>Kafka's own topic configs besides the applied ones (names are facts of Kafka's TopicConfig).</summary>
    private static readonly HashSet<string> KeptOnly = new(StringComparer.Ordinal)
    {
        "compression.type", "compression.gzip.level", "compression.lz4.level", "compression.zstd.level",
        "delete.retention.ms", "file.delete.delay.ms", "flush.messages", "flush.ms",
        "follower.replication.throttled.replicas", "leader.replication.throttled.replicas", "index.interval.bytes",
        "local.retention.bytes", "local.retention.ms", "max.compaction.lag.ms", "max.message.bytes",
        "message.downconversion.enable", "message.format.version", "message.timestamp.after.max.ms",
        "message.timestamp.before.max.ms", "message.timestamp.difference.max.ms", "message.timestamp.type",
        "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "min.insync.replicas", "preallocate",
        "remote.storage.enable", "segment.index.bytes", "segment.jitter.ms", "segment.ms", "unclean.leader.election.enable",
    };

    /// <summary>Null when every config may be set; otherwise why the first that may not be is refused.</summary>
    public static string? Validate(IReadOnlyDictionary<string, string> configs)
    {
        foreach (var (name, value) in configs)
        {
            if (name is not (RetentionMs or RetentionBytes or SegmentBytes or CleanupPolicy) && !KeptOnly.Contains(name))
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

    private static bool IsLongAtLeast(string value, long min, long max) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max;
}
