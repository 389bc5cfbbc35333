using KappaAspire.Broker.Protocol;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Apis;

/// <summary>FindCoordinator v0-2: this node coordinates every group.</summary>
internal sealed class FindCoordinatorHandler(IOptions<BrokerOptions> options) : IApiHandler
{
    private readonly BrokerOptions _options = options.Value;

    public ApiKey Key => ApiKey.FindCoordinator;
    public short MinVersion => 0;
    public short MaxVersion => 2;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var reader = new KafkaReader(request.Body.Span);
        reader.ReadString(); // key
        var keyType = request.Version >= 1 ? reader.ReadInt8() : 0;
        var error = keyType == 0 ? ErrorCode.None : ErrorCode.CoordinatorNotAvailable; // 1 = transaction coordinator: not served
        if (request.Version >= 1) response.WriteInt32(0); // throttle
        response.WriteInt16((short)error);
        if (request.Version >= 1) response.WriteNullableString(error == ErrorCode.None ? null : "Transactions are not supported.");
        response.WriteInt32(error == ErrorCode.None ? _options.NodeId : -1);
        response.WriteString(error == ErrorCode.None ? _options.EffectiveAdvertisedHost : "");
        response.WriteInt32(error == ErrorCode.None ? _options.Port : -1);
        return ValueTask.FromResult(true);
    }
}
