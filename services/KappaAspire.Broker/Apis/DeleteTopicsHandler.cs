using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>DeleteTopics v0-3: removes the topic and its logs.</summary>
internal sealed class DeleteTopicsHandler(LogManager logs) : ApiHandler<DeleteTopicsRequest, DeleteTopicsResponse>
{
    public override ApiKey Key => ApiKey.DeleteTopics;
    public override short MinVersion => 0;
    public override short MaxVersion => 3;

    protected override ValueTask<DeleteTopicsResponse?> HandleAsync(DeleteTopicsRequest request, RequestContext context)
    {
        var results = new List<(string, ErrorCode)>(request.Names.Count);
        foreach (var name in request.Names)
        {
            var error = logs.DeleteTopic(name);
            if (error != ErrorCode.None) context.ResultError = error;
            results.Add((name, error));
        }

        return ValueTask.FromResult<DeleteTopicsResponse?>(new(results));
    }
}
