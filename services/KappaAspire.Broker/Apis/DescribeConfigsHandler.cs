using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Storage;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Apis;

/// <summary>DescribeConfigs v0-1 for topics (their effective storage settings) and the broker.</summary>
internal sealed class DescribeConfigsHandler(LogManager logs, IOptions<BrokerOptions> options) : IApiHandler
{
    private const sbyte TopicResource = 2;
    private const sbyte BrokerResource = 4;
    private const sbyte SourceDynamicTopic = 1;
    private const sbyte SourceDefault = 5;

    public ApiKey Key => ApiKey.DescribeConfigs;
    public short MinVersion => 0;
    public short MaxVersion => 1;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var version = request.Version;
        var reader = new KafkaReader(request.Body.Span);
        var count = reader.ReadArrayLength(4);
        response.WriteInt32(0); // throttle
        response.WriteArrayLength(count);
        for (var i = 0; i < count; i++)
        {
            var type = reader.ReadInt8();
            var name = reader.ReadString();
            var keyCount = reader.ReadArrayLength(2);
            HashSet<string>? keys = keyCount < 0 ? null : [];
            for (var k = 0; k < keyCount; k++) keys!.Add(reader.ReadString());

            var (error, message, entries) = Describe(type, name);
            if (error != ErrorCode.None) request.ResultError = error;
            response.WriteInt16((short)error);
            response.WriteNullableString(message);
            response.WriteInt8(type);
            response.WriteString(name);
            var selected = entries.Where(e => keys is null || keys.Contains(e.Name)).ToList();
            response.WriteArrayLength(selected.Count);
            foreach (var (key, value, source) in selected)
            {
                response.WriteString(key);
                response.WriteNullableString(value);
                response.WriteBool(false); // read only
                if (version == 0) response.WriteBool(source == SourceDefault);
                else response.WriteInt8(source);
                response.WriteBool(false); // sensitive
                if (version >= 1) response.WriteArrayLength(0); // synonyms
            }
        }
        return ValueTask.FromResult(true);
    }

    private (ErrorCode, string?, List<(string Name, string Value, sbyte Source)>) Describe(sbyte type, string name)
    {
        if (type == TopicResource)
        {
            if (!logs.TryGetTopic(name, out var topic)) return (ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.", []);
            var storage = logs.StorageFor(topic.Configs);
            sbyte SourceOf(string key) => topic.Configs.ContainsKey(key) ? SourceDynamicTopic : SourceDefault;
            List<(string, string, sbyte)> entries =
            [
                ("cleanup.policy", "delete", SourceDefault),
                ("retention.ms", storage.RetentionMs.ToString(), SourceOf("retention.ms")),
                ("retention.bytes", storage.RetentionBytes.ToString(), SourceOf("retention.bytes")),
                ("segment.bytes", storage.SegmentBytes.ToString(), SourceOf("segment.bytes")),
                ("message.timestamp.type", "CreateTime", SourceDefault),
                ("min.insync.replicas", "1", SourceDefault),
            ];
            foreach (var (key, value) in topic.Configs)
                if (!entries.Exists(e => e.Item1 == key)) entries.Add((key, value, SourceDynamicTopic));
            return (ErrorCode.None, null, entries);
        }
        if (type == BrokerResource)
        {
            var o = options.Value;
            return (ErrorCode.None, null,
            [
                ("auto.create.topics.enable", o.AutoCreateTopics ? "true" : "false", SourceDefault),
                ("num.partitions", o.DefaultPartitions.ToString(), SourceDefault),
                ("log.dirs", Path.GetFullPath(o.DataDir), SourceDefault),
                ("group.initial.rebalance.delay.ms", o.GroupInitialRebalanceDelayMs.ToString(), SourceDefault),
                ("socket.request.max.bytes", o.MaxRequestBytes.ToString(), SourceDefault),
            ]);
        }
        return (ErrorCode.InvalidRequest, $"Resource type {type} is not supported.", []);
    }
}
