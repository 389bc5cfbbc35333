using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Distribution;

/// <summary>
/// Refuses every <c>ModelDistribution</c> call that does not carry <c>authorization: Bearer &lt;ModelChannel:Token&gt;</c>
/// with <see cref="StatusCode.Unauthenticated"/>. Tokens are compared as SHA-256 digests in constant time, so neither
/// content nor length leaks through timing.
/// </summary>
internal sealed partial class ModelChannelAuthInterceptor : Interceptor
{
    private const string Scheme = "Bearer ";
    private readonly byte[] _expectedDigest;
    private readonly ILogger<ModelChannelAuthInterceptor> _logger;

    public ModelChannelAuthInterceptor(IOptions<ModelChannelOptions> options, ILogger<ModelChannelAuthInterceptor> logger)
    {
        _expectedDigest = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Token));
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
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            Refuse(context, "missing bearer token");
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header![Scheme.Length..].Trim()));
        if (!CryptographicOperations.FixedTimeEquals(presented, _expectedDigest))
        {
            Refuse(context, "wrong token");
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
