using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Apis;

/// <summary>LeaveGroup v0-1: the member leaves at once, so the others rebalance without waiting for its session to expire.</summary>
internal sealed class LeaveGroupHandler(GroupCoordinator coordinator) : IApiHandler
{
    public ApiKey Key => ApiKey.LeaveGroup;
    public short MinVersion => 0;
    public short MaxVersion => 1;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var reader = new KafkaReader(request.Body.Span);
        var groupId = reader.ReadString();
        var memberId = reader.ReadString();
        var error = coordinator.Leave(groupId, memberId);
        if (error != ErrorCode.None) request.ResultError = error;
        if (request.Version >= 1) response.WriteInt32(0); // throttle
        response.WriteInt16((short)error);
        return ValueTask.FromResult(true);
    }
}
