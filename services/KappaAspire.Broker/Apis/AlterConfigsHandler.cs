using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>AlterConfigs v0-1: a topic's configs become exactly the set given; what is left out reverts to its default.</summary>
internal sealed class AlterConfigsHandler(LogManager logs) : ApiHandler<AlterConfigsRequest, AlterConfigsResponse>
{
    public override ApiKey Key => ApiKey.AlterConfigs;
    public override short MinVersion => 0;
    public override short MaxVersion => 1;

    protected override ValueTask<AlterConfigsResponse?> HandleAsync(AlterConfigsRequest request, RequestContext context) =>
        ValueTask.FromResult<AlterConfigsResponse?>(ConfigResources.Alter(request.Resources, r => (r.Type, r.Name), resource =>
        {
            var error = logs.AlterTopicConfigs(resource.Name, _ => Replacement(resource.Configs), request.ValidateOnly, out var message);
            return (error, message);
        }, context));

    private static (Dictionary<string, string>?, string?) Replacement(IReadOnlyList<(string Name, string? Value)> configs)
    {
        var replacement = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in configs)
        {
            if (value is null) return (null, $"Null value not supported for config {name}.");
            replacement[name] = value;
        }
        return (replacement, null);
    }
}
