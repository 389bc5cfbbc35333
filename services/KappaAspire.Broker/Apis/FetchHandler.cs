using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Storage;
using KappaAspire.Broker.Telemetry;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// Fetch v4-11: whole batches from the one holding the fetch offset, at least one batch even above the size
/// limits, and a long-poll that waits up to max_wait for min_bytes — woken by appends, never by polling.
/// Sessions (KIP-227) are not created: session id 0 tells clients to send full fetches.
/// </summary>
internal sealed class FetchHandler(LogManager logs, BrokerMetrics metrics) : IApiHandler
{
    public ApiKey Key => ApiKey.Fetch;
    public short MinVersion => 4;
    public short MaxVersion => 11;

    private sealed record PartitionRequest(int Partition, long FetchOffset, int MaxBytes);
    private sealed record FetchRequest(int MaxWaitMs, int MinBytes, int MaxBytes, List<(string Topic, List<PartitionRequest> Partitions)> Topics);

    public async ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var fetch = Parse(request.Body.Span, request.Version);
        var bodyStart = response.Length;
        var deadline = Environment.TickCount64 + Math.Max(0, fetch.MaxWaitMs);
        while (true)
        {
            // Take the wake-up signals before reading so an append between the read and the wait is not missed.
            var signals = fetch.Topics
                .SelectMany(t => t.Partitions.Select(p => logs.GetPartition(t.Topic, p.Partition)))
                .OfType<PartitionLog>()
                .Select(p => p.WaitForDataAsync())
                .ToList();
            response.Truncate(bodyStart);
            var (bytes, anyError) = WriteResponse(fetch, request.Version, response);
            var remaining = deadline - Environment.TickCount64;
            if (bytes >= fetch.MinBytes || anyError || remaining <= 0 || signals.Count == 0) return true;

            var timeout = Task.Delay(TimeSpan.FromMilliseconds(remaining), request.ConnectionClosed);
            var woke = await Task.WhenAny(signals.Append(timeout));
            if (woke == timeout && request.ConnectionClosed.IsCancellationRequested) throw new OperationCanceledException(request.ConnectionClosed);
        }
    }

    private (int Bytes, bool AnyError) WriteResponse(FetchRequest fetch, short version, KafkaWriter response)
    {
        response.WriteInt32(0); // throttle
        if (version >= 7)
        {
            response.WriteInt16(0); // error
            response.WriteInt32(0); // session id: no session
        }
        var total = 0;
        var anyError = false;
        response.WriteArrayLength(fetch.Topics.Count);
        foreach (var (topic, partitions) in fetch.Topics)
        {
            response.WriteString(topic);
            response.WriteArrayLength(partitions.Count);
            foreach (var p in partitions)
            {
                var log = logs.GetPartition(topic, p.Partition);
                response.WriteInt32(p.Partition);
                if (log is null)
                {
                    WritePartitionHeader(response, version, ErrorCode.UnknownTopicOrPartition, -1, -1);
                    response.WriteInt32(0);
                    anyError = true;
                    continue;
                }
                var headerAt = response.Length;
                WritePartitionHeader(response, version, ErrorCode.None, 0, 0); // fixed-size placeholder, rewritten once the read is known
                var recordsLengthAt = response.ReserveInt32();
                var budget = fetch.MaxBytes - total;
                var read = budget > 0 || total == 0
                    ? log.Read(p.FetchOffset, Math.Min(p.MaxBytes, Math.Max(budget, 1)), response)
                    : new PartitionLog.ReadResult(ErrorCode.None, log.HighWatermark, log.LogStartOffset, 0);
                var end = response.Length;
                response.Truncate(headerAt);
                WritePartitionHeader(response, version, read.Error, read.HighWatermark, read.LogStartOffset);
                response.Truncate(end);
                response.PatchInt32(recordsLengthAt, read.BytesRead);
                total += read.BytesRead;
                anyError |= read.Error != ErrorCode.None;
                if (read.BytesRead > 0) metrics.RecordBytesOut(topic, read.BytesRead);
            }
        }
        return (total, anyError);
    }

    private static void WritePartitionHeader(KafkaWriter response, short version, ErrorCode error, long highWatermark, long logStartOffset)
    {
        response.WriteInt16((short)error);
        response.WriteInt64(highWatermark);
        response.WriteInt64(highWatermark); // last stable offset: no transactions, so it is the high watermark
        if (version >= 5) response.WriteInt64(logStartOffset);
        response.WriteArrayLength(-1); // aborted transactions: none
        if (version >= 11) response.WriteInt32(-1); // preferred read replica: this node
    }

    private static FetchRequest Parse(ReadOnlySpan<byte> body, short version)
    {
        var reader = new KafkaReader(body);
        reader.ReadInt32(); // replica id: always a consumer here
        var maxWait = reader.ReadInt32();
        var minBytes = reader.ReadInt32();
        var maxBytes = reader.ReadInt32();
        reader.ReadInt8(); // isolation level: LSO equals the high watermark, so both levels read the same
        if (version >= 7)
        {
            reader.ReadInt32(); // session id
            reader.ReadInt32(); // session epoch
        }
        var topicCount = reader.ReadArrayLength(6);
        var topics = new List<(string, List<PartitionRequest>)>(topicCount);
        for (var t = 0; t < topicCount; t++)
        {
            var topic = reader.ReadString();
            var partitionCount = reader.ReadArrayLength(16);
            var partitions = new List<PartitionRequest>(partitionCount);
            for (var p = 0; p < partitionCount; p++)
            {
                var partition = reader.ReadInt32();
                if (version >= 9) reader.ReadInt32(); // current leader epoch
                var fetchOffset = reader.ReadInt64();
                if (version >= 5) reader.ReadInt64(); // follower log start offset
                var partitionMaxBytes = reader.ReadInt32();
                partitions.Add(new PartitionRequest(partition, fetchOffset, Math.Max(partitionMaxBytes, 1)));
            }
            topics.Add((topic, partitions));
        }
        // Forgotten topics (v7+) and rack id (v11) only matter to fetch sessions and rack-aware replicas.
        return new FetchRequest(maxWait, minBytes, maxBytes <= 0 ? int.MaxValue : maxBytes, topics);
    }
}
