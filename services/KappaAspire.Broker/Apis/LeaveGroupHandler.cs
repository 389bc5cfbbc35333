using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// LeaveGroup v0-3: members leave at once, so the others rebalance without waiting for their sessions to expire.
/// Up to v2 one member and one error; from v3 several members, each by member id and/or instance id, each with its error.
/// </summary>
internal sealed class LeaveGroupHandler(GroupCoordinator coordinator) : ApiHandler<LeaveGroupRequest, LeaveGroupResponse>
{
    public override ApiKey Key => ApiKey.LeaveGroup;
    public override short MinVersion => 0;
    public override short MaxVersion => 3;

    protected override ValueTask<LeaveGroupResponse?> HandleAsync(LeaveGroupRequest request, RequestContext context)
    {
        var errors = coordinator.Leave(request.GroupId, [.. request.Members.Select(m => (m.MemberId, m.GroupInstanceId))]);
        if (context.Version < 3)
        {
            if (errors[0] != ErrorCode.None) context.ResultError = errors[0];
            return ValueTask.FromResult<LeaveGroupResponse?>(new(errors[0], []));
        }
        var members = request.Members.Select((m, i) => new LeaveGroupResponse.Member(m.MemberId, m.GroupInstanceId, errors[i])).ToList();
        if (errors.FirstOrDefault(e => e != ErrorCode.None) is var first and not ErrorCode.None) context.ResultError = first;
        return ValueTask.FromResult<LeaveGroupResponse?>(new(ErrorCode.None, members));
    }
}
