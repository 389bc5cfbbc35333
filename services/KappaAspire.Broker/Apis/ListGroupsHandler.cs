using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Apis;

/// <summary>ListGroups v0-2: active groups and groups that only hold committed offsets.</summary>
internal sealed class ListGroupsHandler(GroupCoordinator coordinator) : IApiHandler
{
    public ApiKey Key => ApiKey.ListGroups;
    public short MinVersion => 0;
    public short MaxVersion => 2;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        if (request.Version >= 1) response.WriteInt32(0); // throttle
        response.WriteInt16(0);
        var groups = coordinator.List();
        response.WriteArrayLength(groups.Count);
        foreach (var (groupId, protocolType) in groups)
        {
            response.WriteString(groupId);
            response.WriteString(protocolType);
        }
        return ValueTask.FromResult(true);
    }
}
