using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Storage;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Apis;

/// <summary>CreateTopics v0-4: one node, so the replication factor must be 1 (or -1 for the default).</summary>
internal sealed class CreateTopicsHandler(LogManager logs, IOptions<BrokerOptions> options) : IApiHandler
{
    public ApiKey Key => ApiKey.CreateTopics;
    public short MinVersion => 0;
    public short MaxVersion => 4;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var version = request.Version;
        var reader = new KafkaReader(request.Body.Span);
        var count = reader.ReadArrayLength(2);
        var topics = new List<(string Name, int Partitions, short Replication, bool HasAssignments, Dictionary<string, string> Configs)>();
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var partitions = reader.ReadInt32();
            var replication = reader.ReadInt16();
            var assignmentCount = reader.ReadArrayLength(8);
            for (var a = 0; a < assignmentCount; a++)
            {
                reader.ReadInt32();
                var brokers = reader.ReadArrayLength(4);
                for (var b = 0; b < brokers; b++) reader.ReadInt32();
            }
            var configCount = reader.ReadArrayLength(4);
            var configs = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < configCount; c++)
            {
                var key = reader.ReadString();
                var value = reader.ReadNullableString();
                if (value is not null) configs[key] = value;
            }
            topics.Add((name, partitions, replication, assignmentCount > 0, configs));
        }
        reader.ReadInt32(); // timeout: creation is synchronous
        var validateOnly = version >= 1 && reader.ReadBool();

        if (version >= 2) response.WriteInt32(0); // throttle
        response.WriteArrayLength(topics.Count);
        foreach (var topic in topics)
        {
            string? message;
            ErrorCode error;
            if (topic.Replication is not (1 or -1))
            {
                error = ErrorCode.InvalidReplicationFactor;
                message = $"Replication factor {topic.Replication} is larger than the 1 available broker.";
            }
            else if (topic.HasAssignments)
            {
                error = ErrorCode.InvalidRequest;
                message = "Manual replica assignments are not supported by the embedded broker.";
            }
            else
            {
                var partitions = topic.Partitions == -1 ? options.Value.DefaultPartitions : topic.Partitions;
                error = logs.CreateTopic(topic.Name, partitions, topic.Configs, validateOnly, out message);
            }
            if (error != ErrorCode.None) request.ResultError = error;
            response.WriteString(topic.Name);
            response.WriteInt16((short)error);
            if (version >= 1) response.WriteNullableString(message);
        }
        return ValueTask.FromResult(true);
    }
}
