using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>Heartbeat v0-3: keeps a member alive; REBALANCE_IN_PROGRESS tells it to rejoin.</summary>
internal sealed class HeartbeatHandler(GroupCoordinator coordinator) : ApiHandler<HeartbeatRequest, HeartbeatResponse>
{
    public override ApiKey Key => ApiKey.Heartbeat;
    public override short MinVersion => 0;
    public override short MaxVersion => 3;

    protected override ValueTask<HeartbeatResponse?> HandleAsync(HeartbeatRequest request, RequestContext context)
    {
        var error = coordinator.Heartbeat(request.GroupId, request.GenerationId, request.MemberId, request.GroupInstanceId);
        if (error != ErrorCode.None) context.ResultError = error;
        return ValueTask.FromResult<HeartbeatResponse?>(new(error));
    }
}
