using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>DeleteTopics v0-3: removes the topic and its logs.</summary>
internal sealed class DeleteTopicsHandler(LogManager logs) : IApiHandler
{
    public ApiKey Key => ApiKey.DeleteTopics;
    public short MinVersion => 0;
    public short MaxVersion => 3;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var reader = new KafkaReader(request.Body.Span);
        var count = reader.ReadArrayLength(2);
        var names = new List<string>(Math.Max(count, 0));
        for (var i = 0; i < count; i++) names.Add(reader.ReadString());

        if (request.Version >= 1) response.WriteInt32(0); // throttle
        response.WriteArrayLength(names.Count);
        foreach (var name in names)
        {
            var error = logs.DeleteTopic(name);
            if (error != ErrorCode.None) request.ResultError = error;
            response.WriteString(name);
            response.WriteInt16((short)error);
        }
        return ValueTask.FromResult(true);
    }
}
