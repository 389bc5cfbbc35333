using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// What the config APIs share: resource types, and how an alteration request is answered per resource. Only topics
/// are altered; the broker's own settings are fixed at start (flags or the Broker section), and Kafka's answer to a
/// resource named twice in one request is kept.
/// </summary>
internal static class ConfigResources
{
    public const sbyte Topic = 2;
    public const sbyte Broker = 4;

    public static AlterConfigsResponse Alter<TResource>(IReadOnlyList<TResource> resources, Func<TResource, (sbyte Type, string Name)> identify,
        Func<TResource, (ErrorCode Error, string? Message)> alterTopic, RequestContext context)
    {
        var named = resources.Select(identify).ToList();
        var duplicates = named.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var results = new List<AlterConfigsResponse.Result>(resources.Count);
        for (var i = 0; i < resources.Count; i++)
        {
            var (type, name) = named[i];
            var (error, message) =
                duplicates.Contains((type, name)) ? (ErrorCode.InvalidRequest, $"Resource {name} of type {type} appears more than once in the request.")
                : type == Topic ? alterTopic(resources[i])
                : type == Broker ? (ErrorCode.InvalidConfig, "The embedded broker's settings are fixed at start (flags or the Broker section of its settings).")
                : (ErrorCode.InvalidRequest, $"Resource type {type} is not supported.");
            if (error != ErrorCode.None) context.ResultError = error;
            results.Add(new(error, message, type, name));
        }
        return new(results);
    }
}
