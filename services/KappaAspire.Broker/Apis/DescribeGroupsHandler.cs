using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>DescribeGroups v0-4: state, protocol and members (with metadata and assignment once stable).</summary>
internal sealed class DescribeGroupsHandler(GroupCoordinator coordinator) : ApiHandler<DescribeGroupsRequest, DescribeGroupsResponse>
{
    public override ApiKey Key => ApiKey.DescribeGroups;
    public override short MinVersion => 0;
    public override short MaxVersion => 4;

    protected override ValueTask<DescribeGroupsResponse?> HandleAsync(DescribeGroupsRequest request, RequestContext context) =>
        ValueTask.FromResult<DescribeGroupsResponse?>(new([.. request.GroupIds.Select(Describe)]));

    private DescribeGroupsResponse.Group Describe(string groupId)
    {
        var group = coordinator.Describe(groupId);
        return new(ErrorCode.None, group.GroupId, group.State, group.ProtocolType, group.Protocol,
            [.. group.Members.Select(m => new DescribeGroupsResponse.Member(m.MemberId, m.GroupInstanceId, m.ClientId, m.ClientHost, m.Metadata, m.Assignment))]);
    }
}
