using Grpc.Core;
using Grpc.Core.Interceptors;
using KappaAspire.ServiceDefaults.Security;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Distribution;

/// <summary>
/// Refuses every <c>ModelDistribution</c> call that does not carry <c>authorization: Bearer &lt;ModelChannel:Token&gt;</c>
/// with <see cref="StatusCode.Unauthenticated"/> (<see cref="BearerToken"/>: constant-time digests).
/// </summary>
internal sealed partial class ModelChannelAuthInterceptor : Interceptor
{
    private readonly BearerToken _expected;
    private readonly ILogger<ModelChannelAuthInterceptor> _logger;

    public ModelChannelAuthInterceptor(IOptions<ModelChannelServerOptions> options, ILogger<ModelChannelAuthInterceptor> logger)
    {
        _expected = new BearerToken(options.Value.Token);
        _logger = logger;
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authenticate(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authenticate(ServerCallContext context)
    {
        switch (_expected.Check(context.RequestHeaders.GetValue("authorization")))
        {
            case BearerCheck.Missing:
                Refuse(context, "missing bearer token");
                break;
            case BearerCheck.Wrong:
                Refuse(context, "wrong token");
                break;
        }
    }

    private void Refuse(ServerCallContext context, string reason)
    {
        LogRefused(_logger, context.Method, context.Peer, reason);
        throw new RpcException(new Status(StatusCode.Unauthenticated, $"The model channel requires 'authorization: Bearer <token>' with the trainer's token ({reason})."));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Method} from {Peer}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string peer, string reason);
}
