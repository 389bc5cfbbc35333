using System.Globalization;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;
using Microsoft.Extensions.Options;
using static KappaAspire.Broker.Protocol.Messages.DescribeConfigsResponse;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// DescribeConfigs v0-1 for topics and the broker. A topic lists every topic config Kafka has: those the broker applies
/// with their effective value, where it comes from (the topic, the broker's start-up settings, or the default) and, when
/// asked, its synonyms; Kafka's others with the value kept or Kafka's default.
/// </summary>
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
            var (error, message, entries) = resource.Type == ConfigResources.Topic
                ? DescribeTopic(resource.Name, request.IncludeSynonyms)
                : Describe(resource.Type);
            if (error != ErrorCode.None) context.ResultError = error;
            var selected = entries.Where(e => resource.ConfigNames is null || resource.ConfigNames.Contains(e.Name)).ToList();
            results.Add(new Result(error, message, resource.Type, resource.Name, selected));
        }

        return ValueTask.FromResult<DescribeConfigsResponse?>(new(results));
    }

    private (ErrorCode, string?, List<Entry>) DescribeTopic(string name, bool includeSynonyms)
    {
        if (!logs.TryGetTopic(name, out var topic)) return (ErrorCode.UnknownTopicOrPartition, $"Topic '{name}' does not exist.", []);
        var broker = options.Value.Storage;
        var defaults = new StorageOptions();
        (string Broker, string Default) Fallbacks(string key) => key switch
        {
            TopicConfigs.RetentionMs => (Text(broker.RetentionMs), Text(defaults.RetentionMs)),
            TopicConfigs.RetentionBytes => (Text(broker.RetentionBytes), Text(defaults.RetentionBytes)),
            TopicConfigs.SegmentBytes => (Text(broker.SegmentBytes), Text(defaults.SegmentBytes)),
            _ => ("delete", "delete"),
        };

        var entries = new List<Entry>();
        foreach (var (key, brokerName) in TopicConfigs.BrokerSynonyms.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var (brokerValue, defaultValue) = Fallbacks(key);
            var set = topic.Configs.TryGetValue(key, out var own);
            var fromBroker = brokerValue != defaultValue;
            List<Synonym> synonyms = [];
            if (includeSynonyms)
            {
                if (set) synonyms.Add(new(key, own, SourceDynamicTopic));
                if (fromBroker) synonyms.Add(new(brokerName, brokerValue, SourceStaticBroker));
                synonyms.Add(new(brokerName, defaultValue, SourceDefault));
            }
            entries.Add(new(key, set ? own : brokerValue, ReadOnly: false, set ? SourceDynamicTopic : fromBroker ? SourceStaticBroker : SourceDefault, Sensitive: false, synonyms));
        }
        foreach (var (key, kafkaDefault) in TopicConfigs.KeptOnly)
        {
            var set = topic.Configs.TryGetValue(key, out var own);
            List<Synonym> synonyms = includeSynonyms && set ? [new(key, own, SourceDynamicTopic)] : [];
            entries.Add(new(key, set ? own : kafkaDefault, ReadOnly: false, set ? SourceDynamicTopic : SourceDefault, Sensitive: false, synonyms));
        }
        return (ErrorCode.None, null, entries);
    }

    private (ErrorCode, string?, List<Entry>) Describe(sbyte type)
    {
        if (type != ConfigResources.Broker) return (ErrorCode.InvalidRequest, $"Resource type {type} is not supported.", []);
        var o = options.Value;
        var defaults = new StorageOptions();
        static Entry Setting(string name, string value, bool isDefault) =>
            new(name, value, ReadOnly: true, isDefault ? SourceDefault : SourceStaticBroker, Sensitive: false, []);
        return (ErrorCode.None, null,
        [
            Setting("auto.create.topics.enable", o.AutoCreateTopics ? "true" : "false", o.AutoCreateTopics),
            Setting("num.partitions", Text(o.DefaultPartitions), o.DefaultPartitions == new BrokerOptions().DefaultPartitions),
            Setting("log.dirs", Path.GetFullPath(o.DataDir), isDefault: false),
            Setting("log.cleanup.policy", "delete", isDefault: true),
            Setting("log.retention.ms", Text(o.Storage.RetentionMs), o.Storage.RetentionMs == defaults.RetentionMs),
            Setting("log.retention.bytes", Text(o.Storage.RetentionBytes), o.Storage.RetentionBytes == defaults.RetentionBytes),
            Setting("log.segment.bytes", Text(o.Storage.SegmentBytes), o.Storage.SegmentBytes == defaults.SegmentBytes),
            Setting("group.initial.rebalance.delay.ms", Text(o.GroupInitialRebalanceDelayMs), o.GroupInitialRebalanceDelayMs == new BrokerOptions().GroupInitialRebalanceDelayMs),
            Setting("socket.request.max.bytes", Text(o.MaxRequestBytes), o.MaxRequestBytes == new BrokerOptions().MaxRequestBytes),
        ]);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
