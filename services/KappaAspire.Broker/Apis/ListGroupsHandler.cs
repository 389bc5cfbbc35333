using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// ListGroups v0-5: active groups and groups that only hold committed offsets, filtered by state (v4) and type (v5),
/// names compared without regard to case as Kafka does. Every group here is a classic one (JoinGroup/SyncGroup).
/// </summary>
internal sealed class ListGroupsHandler(GroupCoordinator coordinator) : ApiHandler<ListGroupsRequest, ListGroupsResponse>
{
    private const string ClassicType = "classic";

    public override ApiKey Key => ApiKey.ListGroups;
    public override short MinVersion => 0;
    public override short MaxVersion => 5;
    public override short FirstFlexibleVersion => ListGroupsRequest.FirstFlexibleVersion;

    protected override ValueTask<ListGroupsResponse?> HandleAsync(ListGroupsRequest request, RequestContext context)
    {
        static bool Selected(IReadOnlyList<string> filter, string value) =>
            filter.Count == 0 || filter.Any(f => string.Equals(f, value, StringComparison.OrdinalIgnoreCase));
        var groups = coordinator.List()
            .Where(g => Selected(request.StatesFilter, g.State) && Selected(request.TypesFilter, ClassicType))
            .Select(g => new ListGroupsResponse.Group(g.GroupId, g.ProtocolType, g.State, ClassicType))
            .ToList();
        return ValueTask.FromResult<ListGroupsResponse?>(new(ErrorCode.None, groups));
    }
}
