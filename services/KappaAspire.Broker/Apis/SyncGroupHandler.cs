using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>SyncGroup v0-3: the leader hands in the assignment; every member waits for and receives its own part.</summary>
internal sealed class SyncGroupHandler(GroupCoordinator coordinator) : ApiHandler<SyncGroupRequest, SyncGroupResponse>
{
    public override ApiKey Key => ApiKey.SyncGroup;
    public override short MinVersion => 0;
    public override short MaxVersion => 3;

    protected override async ValueTask<SyncGroupResponse?> HandleAsync(SyncGroupRequest request, RequestContext context)
    {
        var result = await coordinator.SyncAsync(request.GroupId, request.GenerationId, request.MemberId, request.GroupInstanceId, request.Assignments, context.ConnectionClosed);
        if (result.Error != ErrorCode.None) context.ResultError = result.Error;
        return new SyncGroupResponse(result.Error, result.Assignment);
    }
}
