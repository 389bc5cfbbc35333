using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Apis;

/// <summary>DescribeGroups v0-4: state, protocol and members (with metadata and assignment once stable).</summary>
internal sealed class DescribeGroupsHandler(GroupCoordinator coordinator) : IApiHandler
{
    public ApiKey Key => ApiKey.DescribeGroups;
    public short MinVersion => 0;
    public short MaxVersion => 4;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var version = request.Version;
        var reader = new KafkaReader(request.Body.Span);
        var count = reader.ReadArrayLength(2);
        var groups = new List<string>(Math.Max(count, 0));
        for (var i = 0; i < count; i++) groups.Add(reader.ReadString());

        if (version >= 1) response.WriteInt32(0); // throttle
        response.WriteArrayLength(groups.Count);
        foreach (var groupId in groups)
        {
            var group = coordinator.Describe(groupId);
            response.WriteInt16(0);
            response.WriteString(group.GroupId);
            response.WriteString(group.State);
            response.WriteString(group.ProtocolType);
            response.WriteString(group.Protocol);
            response.WriteArrayLength(group.Members.Count);
            foreach (var member in group.Members)
            {
                response.WriteString(member.MemberId);
                if (version >= 4) response.WriteNullableString(member.GroupInstanceId);
                response.WriteString(member.ClientId);
                response.WriteString(member.ClientHost);
                response.WriteBytes(member.Metadata);
                response.WriteBytes(member.Assignment);
            }
            if (version >= 3) response.WriteInt32(int.MinValue); // authorized operations: not computed
        }
        return ValueTask.FromResult(true);
    }
}
