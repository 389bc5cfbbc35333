using System.Globalization;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;
using Microsoft.Extensions.Options;
using static KappaAspire.Broker.Protocol.Messages.DescribeConfigsResponse;

namespace KappaAspire.Broker.Apis;

/// <summary>DescribeConfigs v0-1 for topics (their effective storage settings) and the broker.</summary>
internal sealed class DescribeConfigsHandler(LogManager logs, IOptions<BrokerOptions> options) : ApiHandler<DescribeConfigsRequest, DescribeConfigsResponse>
{
    public override ApiKey Key => ApiKey.DescribeConfigs;
    public override short MinVersion => 0;
    public override short MaxVersion => 1;

    protected override ValueTask<DescribeConfigsResponse?> HandleAsync(DescribeConfigsRequest request, RequestContext context)
    {
        var results = new List<Result>(request.Resources.Count);
        foreach (var resource in request.Resources)
        {
            var (error, message, entries) = Describe(resource.Type, resource.Name);
            if (error != ErrorCode.None) context.ResultError = error;
            var selected = entries
                .Where(e => resource.ConfigNames is null || resource.ConfigNames.Contains(e.Name))
                .Select(e => new Entry(e.Name, e.Value, ReadOnly: false, e.Source, Sensitive: false))
                .ToList();
            results.Add(new Result(error, message, resource.Type, resource.Name, selected));
        }

        return ValueTask.FromResult<DescribeConfigsResponse?>(new(results));
    }

    private (ErrorCode, string?, List<(string Name, string Value, sbyte Source)>) Describe(sbyte type, string name)
    {
        if (type == ConfigResources.Topic)
        {
            if (!logs.TryGetTopic(name, out var topic)) return (ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.", []);
            var storage = logs.StorageFor(topic.Configs);
            sbyte SourceOf(string key) => topic.Configs.ContainsKey(key) ? SourceDynamicTopic : SourceDefault;
            List<(string, string, sbyte)> entries =
            [
                ("cleanup.policy", "delete", SourceDefault),
                ("retention.ms", Text(storage.RetentionMs), SourceOf("retention.ms")),
                ("retention.bytes", Text(storage.RetentionBytes), SourceOf("retention.bytes")),
                ("segment.bytes", Text(storage.SegmentBytes), SourceOf("segment.bytes")),
                ("message.timestamp.type", "CreateTime", SourceDefault),
                ("min.insync.replicas", "1", SourceDefault),
            ];
            foreach (var (key, value) in topic.Configs)
                if (!entries.Exists(e => e.Item1 == key)) entries.Add((key, value, SourceDynamicTopic));
            return (ErrorCode.None, null, entries);
        }
        if (type == ConfigResources.Broker)
        {
            var o = options.Value;
            return (ErrorCode.None, null,
            [
                ("auto.create.topics.enable", o.AutoCreateTopics ? "true" : "false", SourceDefault),
                ("num.partitions", Text(o.DefaultPartitions), SourceDefault),
                ("log.dirs", Path.GetFullPath(o.DataDir), SourceDefault),
                ("group.initial.rebalance.delay.ms", Text(o.GroupInitialRebalanceDelayMs), SourceDefault),
                ("socket.request.max.bytes", Text(o.MaxRequestBytes), SourceDefault),
            ]);
        }
        return (ErrorCode.InvalidRequest, $"Resource type {type} is not supported.", []);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
