using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Apis;

/// <summary>CreateTopics v0-4: one node, so the replication factor must be 1 (or -1 for the default).</summary>
internal sealed class CreateTopicsHandler(LogManager logs, IOptions<BrokerOptions> options) : ApiHandler<CreateTopicsRequest, CreateTopicsResponse>
{
    public override ApiKey Key => ApiKey.CreateTopics;
    public override short MinVersion => 0;
    public override short MaxVersion => 4;

    // The timeout is not waited on: creation is synchronous.
    protected override ValueTask<CreateTopicsResponse?> HandleAsync(CreateTopicsRequest request, RequestContext context)
    {
        var results = new List<(string, ErrorCode, string?)>(request.Topics.Count);
        foreach (var topic in request.Topics)
        {
            var (error, message) = Create(topic, request.ValidateOnly);
            if (error != ErrorCode.None) context.ResultError = error;
            results.Add((topic.Name, error, message));
        }

        return ValueTask.FromResult<CreateTopicsResponse?>(new(results));
    }

    private (ErrorCode, string?) Create(CreateTopicsRequest.Topic topic, bool validateOnly)
    {
        if (topic.ReplicationFactor is not (1 or -1))
            return (ErrorCode.InvalidReplicationFactor, $"Replication factor {topic.ReplicationFactor} is larger than the 1 available broker.");
        if (topic.Assignments.Count > 0)
            return (ErrorCode.InvalidRequest, "Manual replica assignments are not supported by the embedded broker.");

        var configs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in topic.Configs)
            if (value is not null) configs[key] = value;
        var partitions = topic.Partitions == -1 ? options.Value.DefaultPartitions : topic.Partitions;
        var error = logs.CreateTopic(topic.Name, partitions, configs, validateOnly, out var message);
        return (error, message);
    }
}
