using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// A handler of typed messages: the request is decoded before <see cref="HandleAsync(TRequest, RequestContext)"/> runs
/// and the response it returns is encoded after, both for the request's version.
/// </summary>
internal abstract class ApiHandler<TRequest, TResponse> : IApiHandler
    where TRequest : IKafkaMessage<TRequest>
    where TResponse : class, IKafkaMessage<TResponse>
{
    public abstract ApiKey Key { get; }
    public abstract short MinVersion { get; }
    public abstract short MaxVersion { get; }
    public virtual bool AnswersEveryVersion => false;
    public virtual short FirstFlexibleVersion => short.MaxValue;
    public virtual bool HasFlexibleResponseHeader(short version) => version >= FirstFlexibleVersion;

    public async ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var result = await HandleAsync(Decode(request), request);
        if (result is null) return false;
        result.Write(response, request.Version);
        return true;
    }

    /// <summary>Acts on the request; null when no response is due.</summary>
    protected abstract ValueTask<TResponse?> HandleAsync(TRequest request, RequestContext context);

    private static TRequest Decode(RequestContext request)
    {
        var reader = new KafkaReader(request.Body);
        return TRequest.Read(ref reader, request.Version);
    }
}
