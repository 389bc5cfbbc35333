using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// Metadata v0-8: this one node leads every partition; unknown topics are auto-created when allowed.
/// A name that can never be a topic gets INVALID_TOPIC_EXCEPTION, as from Kafka. librdkafka takes that error as
/// transient and asks again at once, so a consumer subscribed to such a name loops at the speed of the round trip
/// (about 13,000 requests a second here). An answer made only of such errors is therefore held back, as a quota would
/// hold it (requests on one connection are answered in order, so the client waits), and the loop runs at a couple of
/// requests a second while the application still gets its error.
/// </summary>
internal sealed class MetadataHandler(LogManager logs, IOptions<BrokerOptions> options) : ApiHandler<MetadataRequest, MetadataResponse>
{
    private readonly BrokerOptions _options = options.Value;

    public override ApiKey Key => ApiKey.Metadata;
    public override short MinVersion => 0;
    public override short MaxVersion => 8;

    protected override async ValueTask<MetadataResponse?> HandleAsync(MetadataRequest request, RequestContext context)
    {
        var names = request.Topics ?? [.. logs.Topics.Select(t => t.Name).Order(StringComparer.Ordinal)];
        var topics = names.Select(name => Describe(name, request.AllowAutoTopicCreation)).ToList();
        var self = new MetadataResponse.Broker(_options.NodeId, _options.EffectiveAdvertisedHost, _options.Port, Rack: null);
        if (topics.Count > 0 && topics.All(t => t.Error == ErrorCode.InvalidTopic))
        {
            context.ResultError = ErrorCode.InvalidTopic;
            await Task.Delay(_options.InvalidTopicMetadataDelayMs, context.ConnectionClosed);
        }
        return new([self], _options.ClusterId, _options.NodeId, topics);
    }

    private MetadataResponse.Topic Describe(string name, bool allowAutoCreate)
    {
        var error = ErrorCode.None;
        if (!logs.TryGetTopic(name, out var topic))
        {
            error = LogManager.ValidateTopicName(name, out _);
            if (error == ErrorCode.None && allowAutoCreate && _options.AutoCreateTopics)
            {
                var created = logs.CreateTopic(name, _options.DefaultPartitions, null, validateOnly: false, out _);
                if (created is not (ErrorCode.None or ErrorCode.TopicAlreadyExists)) error = created;
            }
            if (error == ErrorCode.None && !logs.TryGetTopic(name, out topic)) error = ErrorCode.UnknownTopicOrPartition;
        }

        int[] self = [_options.NodeId];
        var partitions = error == ErrorCode.None ? topic!.Partitions.Length : 0;
        // Leader epoch 0: one leader forever.
        return new(error, name, IsInternal: false, [.. Enumerable.Range(0, partitions).Select(p =>
            new MetadataResponse.Partition(ErrorCode.None, p, _options.NodeId, LeaderEpoch: 0, self, self, []))]);
    }
}
