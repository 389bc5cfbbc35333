using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>ListGroups v0-2: active groups and groups that only hold committed offsets.</summary>
internal sealed class ListGroupsHandler(GroupCoordinator coordinator) : ApiHandler<ListGroupsRequest, ListGroupsResponse>
{
    public override ApiKey Key => ApiKey.ListGroups;
    public override short MinVersion => 0;
    public override short MaxVersion => 2;

    protected override ValueTask<ListGroupsResponse?> HandleAsync(ListGroupsRequest request, RequestContext context) =>
        ValueTask.FromResult<ListGroupsResponse?>(new(ErrorCode.None, coordinator.List()));
}
