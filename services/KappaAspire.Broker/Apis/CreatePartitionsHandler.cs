using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// CreatePartitions v0-1: grows a topic to a new total count (never shrinks it). A replica assignment, if given, may
/// only name this node; a topic named twice in one request is refused, as by Kafka. The groups consuming a grown topic
/// rebalance at once, so the new partitions are read at once.
/// </summary>
internal sealed class CreatePartitionsHandler(LogManager logs, GroupCoordinator coordinator, IOptions<BrokerOptions> options) : ApiHandler<CreatePartitionsRequest, CreatePartitionsResponse>
{
    public override ApiKey Key => ApiKey.CreatePartitions;
    public override short MinVersion => 0;
    public override short MaxVersion => 1;

    protected override ValueTask<CreatePartitionsResponse?> HandleAsync(CreatePartitionsRequest request, RequestContext context)
    {
        var duplicates = request.Topics.GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var results = new List<(string, ErrorCode, string?)>(request.Topics.Count);
        foreach (var topic in request.Topics)
        {
            var (error, message) = duplicates.Contains(topic.Name)
                ? (ErrorCode.InvalidRequest, $"Topic '{topic.Name}' appears more than once in the request.")
                : Grow(topic, request.ValidateOnly);
            if (error != ErrorCode.None) context.ResultError = error;
            results.Add((topic.Name, error, message));
        }
        return ValueTask.FromResult<CreatePartitionsResponse?>(new(results));
    }

    private (ErrorCode, string?) Grow(CreatePartitionsRequest.Topic topic, bool validateOnly)
    {
        var nodeId = options.Value.NodeId;
        if (topic.Assignments is { } assignments && assignments.SelectMany(r => r).Any(id => id != nodeId))
            return (ErrorCode.InvalidReplicaAssignment, $"Only broker {nodeId} exists; the assignment names another.");
        var error = logs.AddPartitions(topic.Name, topic.Count, topic.Assignments?.Count, validateOnly, out var message);
        if (error == ErrorCode.None && !validateOnly) coordinator.RebalanceConsumersOf(topic.Name);
        return (error, message);
    }
}
