using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Storage;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Apis;

/// <summary>Metadata v0-8: this one node leads every partition; unknown topics are auto-created when allowed.</summary>
internal sealed class MetadataHandler(LogManager logs, IOptions<BrokerOptions> options) : IApiHandler
{
    private readonly BrokerOptions _options = options.Value;

    public ApiKey Key => ApiKey.Metadata;
    public short MinVersion => 0;
    public short MaxVersion => 8;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var version = request.Version;
        var (requested, allowAutoCreate) = Parse(request);

        if (version >= 3) response.WriteInt32(0); // throttle
        response.WriteArrayLength(1);
        response.WriteInt32(_options.NodeId);
        response.WriteString(_options.EffectiveAdvertisedHost);
        response.WriteInt32(_options.Port);
        if (version >= 1) response.WriteNullableString(null); // rack
        if (version >= 2) response.WriteNullableString(_options.ClusterId);
        if (version >= 1) response.WriteInt32(_options.NodeId); // controller

        var topics = requested ?? [.. logs.Topics.Select(t => t.Name).Order(StringComparer.Ordinal)];
        response.WriteArrayLength(topics.Count);
        foreach (var name in topics)
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
            WriteTopic(response, version, name, error, error == ErrorCode.None ? topic : null);
        }
        if (version >= 8) response.WriteInt32(int.MinValue); // cluster authorized operations: not computed
        return ValueTask.FromResult(true);
    }

    private void WriteTopic(KafkaWriter response, short version, string name, ErrorCode error, TopicLog? topic)
    {
        response.WriteInt16((short)error);
        response.WriteString(name);
        if (version >= 1) response.WriteBool(false); // is_internal
        var partitions = topic?.Partitions.Length ?? 0;
        response.WriteArrayLength(partitions);
        for (var p = 0; p < partitions; p++)
        {
            response.WriteInt16(0);
            response.WriteInt32(p);
            response.WriteInt32(_options.NodeId); // leader
            if (version >= 7) response.WriteInt32(0); // leader epoch: one leader forever
            response.WriteArrayLength(1); response.WriteInt32(_options.NodeId); // replicas
            response.WriteArrayLength(1); response.WriteInt32(_options.NodeId); // in-sync replicas
            if (version >= 5) response.WriteArrayLength(0); // offline replicas
        }
        if (version >= 8) response.WriteInt32(int.MinValue); // topic authorized operations: not computed
    }

    /// <summary>Null topic list means all topics (v0: an empty list also means all).</summary>
    private static (List<string>? Topics, bool AllowAutoCreate) Parse(RequestContext request)
    {
        var reader = new KafkaReader(request.Body.Span);
        var count = reader.ReadArrayLength(2);
        List<string>? topics = null;
        if (count >= 0 && !(count == 0 && request.Version == 0))
        {
            topics = new List<string>(count);
            for (var i = 0; i < count; i++) topics.Add(reader.ReadString());
        }
        // Before v4 the broker's own auto.create.topics.enable decides.
        var allowAutoCreate = request.Version < 4 || reader.ReadBool();
        return (topics, allowAutoCreate);
    }
}
