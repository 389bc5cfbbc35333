using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// DeleteGroups v0-1: deletes groups without members, with their committed offsets. Offered because librdkafka aborts
/// the calling process when a broker lacks it.
/// </summary>
internal sealed class DeleteGroupsHandler(GroupCoordinator coordinator) : ApiHandler<DeleteGroupsRequest, DeleteGroupsResponse>
{
    public override ApiKey Key => ApiKey.DeleteGroups;
    public override short MinVersion => 0;
    public override short MaxVersion => 1;

    protected override ValueTask<DeleteGroupsResponse?> HandleAsync(DeleteGroupsRequest request, RequestContext context)
    {
        var results = request.GroupIds.Select(id => new DeleteGroupsResponse.Result(id, coordinator.DeleteGroup(id))).ToList();
        if (results.Find(r => r.Error != ErrorCode.None) is { } failed) context.ResultError = failed.Error;
        return ValueTask.FromResult<DeleteGroupsResponse?>(new DeleteGroupsResponse(results));
    }
}
