using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Apis;

/// <summary>Heartbeat v0-3: keeps a member alive; REBALANCE_IN_PROGRESS tells it to rejoin.</summary>
internal sealed class HeartbeatHandler(GroupCoordinator coordinator) : IApiHandler
{
    public ApiKey Key => ApiKey.Heartbeat;
    public short MinVersion => 0;
    public short MaxVersion => 3;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var reader = new KafkaReader(request.Body.Span);
        var groupId = reader.ReadString();
        var generation = reader.ReadInt32();
        var memberId = reader.ReadString();
        var error = coordinator.Heartbeat(groupId, generation, memberId);
        if (error != ErrorCode.None) request.ResultError = error;
        if (request.Version >= 1) response.WriteInt32(0); // throttle
        response.WriteInt16((short)error);
        return ValueTask.FromResult(true);
    }
}
