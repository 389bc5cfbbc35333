using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;
using KappaAspire.Broker.Telemetry;
using static KappaAspire.Broker.Protocol.Messages.FetchResponse;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// Fetch v4-11: whole batches from the one holding the fetch offset, at least one batch even above the size
/// limits, and a long-poll that waits up to max_wait for min_bytes — woken by appends, never by polling.
/// Sessions (KIP-227) are not created: session id 0 tells clients to send full fetches. The response is streamed:
/// records go from the log straight into the response buffer.
/// </summary>
internal sealed class FetchHandler(LogManager logs, BrokerMetrics metrics) : IApiHandler
{
    public ApiKey Key => ApiKey.Fetch;
    public short MinVersion => 4;
    public short MaxVersion => 11;

    public async ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var fetch = Decode(request);
        var maxBytes = fetch.MaxBytes <= 0 ? int.MaxValue : fetch.MaxBytes;
        var bodyStart = response.Length;
        var deadline = Environment.TickCount64 + Math.Max(0, fetch.MaxWaitMs);
        while (true)
        {
            // Take the wake-up signals before reading so an append between the read and the wait is not missed.
            var signals = fetch.Topics
                .SelectMany(t => t.Partitions.Select(p => logs.GetPartition(t.Name, p.Index)))
                .OfType<PartitionLog>()
                .Select(p => p.WaitForDataAsync())
                .ToList();
            response.Truncate(bodyStart);
            var (bytes, anyError) = WriteResponse(fetch, maxBytes, request.Version, response);
            var remaining = deadline - Environment.TickCount64;
            if (bytes >= fetch.MinBytes || anyError || remaining <= 0 || signals.Count == 0) return true;

            var timeout = Task.Delay(TimeSpan.FromMilliseconds(remaining), request.ConnectionClosed);
            var woke = await Task.WhenAny(signals.Append(timeout));
            if (woke == timeout && request.ConnectionClosed.IsCancellationRequested) throw new OperationCanceledException(request.ConnectionClosed);
        }
    }

    private static FetchRequest Decode(RequestContext request)
    {
        var reader = new KafkaReader(request.Body);
        return FetchRequest.Read(ref reader, request.Version);
    }

    private (int Bytes, bool AnyError) WriteResponse(FetchRequest fetch, int maxBytes, short version, KafkaWriter response)
    {
        WriteHeader(response, version, ErrorCode.None, sessionId: 0);
        var total = 0;
        var anyError = false;
        response.WriteArrayLength(fetch.Topics.Count);
        foreach (var topic in fetch.Topics)
        {
            response.WriteString(topic.Name);
            response.WriteArrayLength(topic.Partitions.Count);
            foreach (var p in topic.Partitions)
            {
                var log = logs.GetPartition(topic.Name, p.Index);
                response.WriteInt32(p.Index);
                if (log is null)
                {
                    WritePartitionHeader(response, version, new(ErrorCode.UnknownTopicOrPartition, -1, -1));
                    response.WriteInt32(0);
                    anyError = true;
                    continue;
                }

                // The header's values are known only after the read: a same-size placeholder, rewritten in place.
                var headerAt = response.Length;
                WritePartitionHeader(response, version, default);
                var recordsLengthAt = response.ReserveInt32();
                var budget = maxBytes - total;
                var read = budget > 0 || total == 0
                    ? log.Read(p.FetchOffset, Math.Min(Math.Max(p.MaxBytes, 1), Math.Max(budget, 1)), response)
                    : new PartitionLog.ReadResult(ErrorCode.None, log.HighWatermark, log.LogStartOffset, 0);
                var end = response.Length;
                response.Truncate(headerAt);
                WritePartitionHeader(response, version, new(read.Error, read.HighWatermark, read.LogStartOffset));
                response.Truncate(end);
                response.PatchInt32(recordsLengthAt, read.BytesRead);
                total += read.BytesRead;
                anyError |= read.Error != ErrorCode.None;
                if (read.BytesRead > 0) metrics.RecordBytesOut(topic.Name, read.BytesRead);
            }
        }
        return (total, anyError);
    }
}
