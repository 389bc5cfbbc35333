using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;
using static KappaAspire.Broker.Protocol.Messages.IncrementalAlterConfigsRequest;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// IncrementalAlterConfigs v0: SET and DELETE (back to the default) on a topic's configs, APPEND and SUBTRACT on the
/// list-valued ones (comma-separated, as cleanup.policy); the numeric storage settings are not lists.
/// </summary>
internal sealed class IncrementalAlterConfigsHandler(LogManager logs) : ApiHandler<IncrementalAlterConfigsRequest, AlterConfigsResponse>
{
    private static readonly HashSet<string> NotLists = [TopicConfigs.RetentionMs, TopicConfigs.RetentionBytes, TopicConfigs.SegmentBytes];

    public override ApiKey Key => ApiKey.IncrementalAlterConfigs;
    public override short MinVersion => 0;
    public override short MaxVersion => 0;

    protected override ValueTask<AlterConfigsResponse?> HandleAsync(IncrementalAlterConfigsRequest request, RequestContext context) =>
        ValueTask.FromResult<AlterConfigsResponse?>(ConfigResources.Alter(request.Resources, r => (r.Type, r.Name), resource =>
        {
            var error = logs.AlterTopicConfigs(resource.Name, current => Apply(current, resource.Configs), request.ValidateOnly, out var message);
            return (error, message);
        }, context));

    private static (Dictionary<string, string>?, string?) Apply(IReadOnlyDictionary<string, string> current, IReadOnlyList<(string Name, Operation Operation, string? Value)> changes)
    {
        var configs = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (name, operation, value) in changes)
        {
            if (operation != Operation.Delete && value is null) return (null, $"Null value not supported for config {name}.");
            switch (operation)
            {
                case Operation.Set:
                    configs[name] = value!;
                    break;
                case Operation.Delete:
                    configs.Remove(name);
                    break;
                case Operation.Append or Operation.Subtract when NotLists.Contains(name):
                    return (null, $"Config value {operation.ToString().ToLowerInvariant()} is not allowed for config key: {name}.");
                case Operation.Append or Operation.Subtract:
                    var items = configs.TryGetValue(name, out var list) ? list.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList() : [];
                    foreach (var item in value!.Split(',', StringSplitOptions.RemoveEmptyEntries))
                        if (operation == Operation.Subtract) items.Remove(item);
                        else if (!items.Contains(item)) items.Add(item);
                    configs[name] = string.Join(',', items);
                    break;
                default:
                    return (null, $"Unknown config operation {(sbyte)operation} for config {name}.");
            }
        }
        return (configs, null);
    }
}
