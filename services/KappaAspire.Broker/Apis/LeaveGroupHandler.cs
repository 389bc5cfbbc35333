using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>LeaveGroup v0-1: the member leaves at once, so the others rebalance without waiting for its session to expire.</summary>
internal sealed class LeaveGroupHandler(GroupCoordinator coordinator) : ApiHandler<LeaveGroupRequest, LeaveGroupResponse>
{
    public override ApiKey Key => ApiKey.LeaveGroup;
    public override short MinVersion => 0;
    public override short MaxVersion => 1;

    protected override ValueTask<LeaveGroupResponse?> HandleAsync(LeaveGroupRequest request, RequestContext context)
    {
        var error = coordinator.Leave(request.GroupId, request.MemberId);
        if (error != ErrorCode.None) context.ResultError = error;
        return ValueTask.FromResult<LeaveGroupResponse?>(new(error));
    }
}
