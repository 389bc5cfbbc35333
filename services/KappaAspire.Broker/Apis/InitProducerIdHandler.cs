using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>InitProducerId v0-1 for idempotent producers: a fresh id (never reused across restarts), epoch 0.</summary>
internal sealed class InitProducerIdHandler(LogManager logs) : ApiHandler<InitProducerIdRequest, InitProducerIdResponse>
{
    public override ApiKey Key => ApiKey.InitProducerId;
    public override short MinVersion => 0;
    public override short MaxVersion => 1;

    protected override ValueTask<InitProducerIdResponse?> HandleAsync(InitProducerIdRequest request, RequestContext context)
    {
        if (request.TransactionalId is not null)
        {
            // Transactions need a transaction coordinator, which the embedded broker does not have.
            context.ResultError = ErrorCode.InvalidRequest;
            return ValueTask.FromResult<InitProducerIdResponse?>(new(ErrorCode.InvalidRequest, -1, -1));
        }

        return ValueTask.FromResult<InitProducerIdResponse?>(new(ErrorCode.None, logs.AllocateProducerId(), 0));
    }
}
