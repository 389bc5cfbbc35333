using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Apis;

/// <summary>SyncGroup v0-3: the leader hands in the assignment; every member waits for and receives its own part.</summary>
internal sealed class SyncGroupHandler(GroupCoordinator coordinator) : IApiHandler
{
    public ApiKey Key => ApiKey.SyncGroup;
    public short MinVersion => 0;
    public short MaxVersion => 3;

    public async ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var (groupId, generation, memberId, assignments) = Parse(request.Body.Span, request.Version);
        var result = await coordinator.SyncAsync(groupId, generation, memberId, assignments, request.ConnectionClosed);
        if (result.Error != ErrorCode.None) request.ResultError = result.Error;
        if (request.Version >= 1) response.WriteInt32(0); // throttle
        response.WriteInt16((short)result.Error);
        response.WriteBytes(result.Assignment);
        return true;
    }

    private static (string, int, string, List<(string, byte[])>) Parse(ReadOnlySpan<byte> body, short version)
    {
        var reader = new KafkaReader(body);
        var groupId = reader.ReadString();
        var generation = reader.ReadInt32();
        var memberId = reader.ReadString();
        if (version >= 3) reader.ReadNullableString(); // group instance id
        var count = reader.ReadArrayLength(6);
        var assignments = new List<(string, byte[])>(Math.Max(count, 0));
        for (var i = 0; i < count; i++) assignments.Add((reader.ReadString(), reader.ReadBytesCopy()));
        return (groupId, generation, memberId, assignments);
    }
}
