using System.Diagnostics;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Telemetry;

namespace KappaAspire.Broker.Apis;

/// <summary>Routes a request frame to its API handler by key and version, and frames the response.</summary>
internal sealed partial class RequestDispatcher
{
    private readonly IApiHandler?[] _handlers;
    private readonly BrokerMetrics _metrics;
    private readonly ILogger<RequestDispatcher> _logger;

    public RequestDispatcher(IEnumerable<IApiHandler> handlers, BrokerMetrics metrics, ILogger<RequestDispatcher> logger)
    {
        _metrics = metrics;
        _logger = logger;
        var list = handlers.ToList();
        _handlers = new IApiHandler?[list.Max(h => (int)h.Key) + 1];
        foreach (var handler in list) _handlers[(int)handler.Key] = handler;
    }

    /// <summary>
    /// Handles one frame (without its size prefix). Returns the response frame, or null when no response is due.
    /// Throws <see cref="MalformedRequestException"/> for a request that cannot be answered (the connection is closed).
    /// </summary>
    public async ValueTask<KafkaWriter?> DispatchAsync(ReadOnlyMemory<byte> frame, string clientHost, CancellationToken connectionClosed)
    {
        var (header, handler, bodyStart) = ReadHeader(frame.Span);
        var response = new KafkaWriter();
        response.WriteInt32(header.CorrelationId);
        if (handler.HasFlexibleResponseHeader(header.ApiVersion)) response.WriteEmptyTaggedFields();
        var context = new RequestContext(header, frame[bodyStart..], clientHost, connectionClosed);
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (!handler.AnswersEveryVersion && (header.ApiVersion < handler.MinVersion || header.ApiVersion > handler.MaxVersion))
                throw new MalformedRequestException($"{header.ApiKey} v{header.ApiVersion} is not supported (v{handler.MinVersion}-v{handler.MaxVersion}).");
            if (!await handler.HandleAsync(context, response))
            {
                response.Dispose();
                return null;
            }
            response.Complete();
            return response;
        }
        catch
        {
            response.Dispose();
            context.ResultError ??= ErrorCode.UnknownServerError;
            throw;
        }
        finally
        {
            _metrics.RecordRequest(header.ApiKey, context.ResultError ?? ErrorCode.None, Stopwatch.GetElapsedTime(started));
        }
    }

    private (RequestHeader Header, IApiHandler Handler, int BodyStart) ReadHeader(ReadOnlySpan<byte> frame)
    {
        var reader = new KafkaReader(frame);
        var header = RequestHeader.Read(ref reader);
        var handler = (int)header.ApiKey >= 0 && (int)header.ApiKey < _handlers.Length ? _handlers[(int)header.ApiKey] : null;
        if (handler is null)
            throw new MalformedRequestException($"Unsupported API key {(short)header.ApiKey} (version {header.ApiVersion}) from client '{header.ClientId}'.");
        if (handler.IsFlexible(header.ApiVersion)) reader.SkipTaggedFields();
        return (header, handler, reader.Position);
    }
}
