using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>InitProducerId v0-1 for idempotent producers: a fresh id (never reused across restarts), epoch 0.</summary>
internal sealed class InitProducerIdHandler(LogManager logs) : IApiHandler
{
    public ApiKey Key => ApiKey.InitProducerId;
    public short MinVersion => 0;
    public short MaxVersion => 1;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var reader = new KafkaReader(request.Body.Span);
        var transactionalId = reader.ReadNullableString();
        reader.ReadInt32(); // transaction timeout
        response.WriteInt32(0); // throttle
        if (transactionalId is not null)
        {
            // Transactions need a transaction coordinator, which the embedded broker does not have.
            request.ResultError = ErrorCode.InvalidRequest;
            response.WriteInt16((short)ErrorCode.InvalidRequest);
            response.WriteInt64(-1);
            response.WriteInt16(-1);
            return ValueTask.FromResult(true);
        }
        response.WriteInt16(0);
        response.WriteInt64(logs.AllocateProducerId());
        response.WriteInt16(0);
        return ValueTask.FromResult(true);
    }
}
