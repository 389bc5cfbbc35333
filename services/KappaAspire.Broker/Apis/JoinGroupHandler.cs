using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>JoinGroup v0-5; from v4 a new member first gets MEMBER_ID_REQUIRED with its id (KIP-394).</summary>
internal sealed class JoinGroupHandler(GroupCoordinator coordinator) : ApiHandler<JoinGroupRequest, JoinGroupResponse>
{
    public override ApiKey Key => ApiKey.JoinGroup;
    public override short MinVersion => 0;
    public override short MaxVersion => 5;

    protected override async ValueTask<JoinGroupResponse?> HandleAsync(JoinGroupRequest request, RequestContext context)
    {
        var join = new GroupJoin(request.GroupId, request.SessionTimeoutMs, request.RebalanceTimeoutMs, request.MemberId, request.GroupInstanceId,
            request.ProtocolType, request.Protocols, context.ClientId, context.ClientHost, RequireKnownMemberId: context.Version >= 4);
        var result = await coordinator.JoinAsync(join, context.ConnectionClosed);
        if (result.Error != ErrorCode.None) context.ResultError = result.Error;
        return new JoinGroupResponse(result.Error, result.GenerationId, result.ProtocolName, result.LeaderId, result.MemberId, result.Members);
    }
}
