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
        var entries = new List<Entry>();
        foreach (var (key, brokerName, valueIn) in TopicConfigs.Applied)
        {
            var (brokerValue, defaultValue) = (valueIn(broker), valueIn(defaults));
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
        var fresh = new BrokerOptions();
        static Entry Setting(string name, string value, bool isDefault) =>
            new(name, value, ReadOnly: true, isDefault ? SourceDefault : SourceStaticBroker, Sensitive: false, []);
        List<Entry> entries =
        [
            Setting("auto.create.topics.enable", o.AutoCreateTopics ? "true" : "false", o.AutoCreateTopics == fresh.AutoCreateTopics),
            Setting("num.partitions", Text(o.DefaultPartitions), o.DefaultPartitions == fresh.DefaultPartitions),
            Setting("log.dirs", Path.GetFullPath(o.DataDir), isDefault: false),
            Setting("group.initial.rebalance.delay.ms", Text(o.GroupInitialRebalanceDelayMs), o.GroupInitialRebalanceDelayMs == fresh.GroupInitialRebalanceDelayMs),
            Setting("socket.request.max.bytes", Text(o.MaxRequestBytes), o.MaxRequestBytes == fresh.MaxRequestBytes),
        ];
        foreach (var (_, brokerName, valueIn) in TopicConfigs.Applied)
            entries.Add(Setting(brokerName, valueIn(o.Storage), valueIn(o.Storage) == valueIn(fresh.Storage)));
        return (ErrorCode.None, null, entries);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
