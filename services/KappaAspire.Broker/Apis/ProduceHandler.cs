using System.Runtime.InteropServices;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;
using KappaAspire.Broker.Telemetry;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// Produce v3-8: validates each partition's record batches (magic, length, CRC), appends them with assigned
/// offsets, and answers per partition. acks=0 gets no response; with the fsync-on-acks=all policy, acks=all
/// waits for the group-committed fsync.
/// </summary>
internal sealed class ProduceHandler(LogManager logs, BrokerMetrics metrics, IOptions<BrokerOptions> options, ILogger<ProduceHandler> logger)
    : ApiHandler<ProduceRequest, ProduceResponse>
{
    private readonly BrokerOptions _options = options.Value;

    public override ApiKey Key => ApiKey.Produce;
    public override short MinVersion => 3;
    public override short MaxVersion => 8;

    protected override async ValueTask<ProduceResponse?> HandleAsync(ProduceRequest request, RequestContext context)
    {
        var toFlush = new List<PartitionLog>();
        var batches = new List<(int Start, RecordBatchHeader Header)>();
        var topics = new List<ProduceResponse.Topic>(request.Topics.Count);
        foreach (var topic in request.Topics)
        {
            var partitionResults = new List<ProduceResponse.Partition>(topic.Partitions.Count);
            logs.TryGetTopic(topic.Name, out var topicLog);
            foreach (var data in topic.Partitions)
            {
                var partition = topicLog?.Partition(data.Index);
                var result = Append(request, context, topic.Name, data, partition, batches);
                if (result.Error == ErrorCode.None && request.Acks == -1 && _options.Storage.Flush == FlushPolicy.FsyncOnAcksAll) toFlush.Add(partition!);
                if (result.Error != ErrorCode.None) context.ResultError = result.Error;
                partitionResults.Add(new(data.Index, result.Error, result.BaseOffset, LogAppendTime: -1, result.LogStartOffset, result.Message));
            }
            topics.Add(new(topic.Name, partitionResults));
        }

        if (toFlush.Count > 0) await Task.WhenAll(toFlush.Select(p => p.FlushAsync()));
        return request.Acks == 0 ? null : new ProduceResponse(topics);
    }

    private PartitionLog.AppendResult Append(
        ProduceRequest request, RequestContext context, string topic, ProduceRequest.Partition data, PartitionLog? partition, List<(int Start, RecordBatchHeader Header)> batches)
    {
        if (request.Acks is not (0 or 1 or -1)) return new(ErrorCode.InvalidRequiredAcks, -1, -1);
        if (request.TransactionalId is not null) return new(ErrorCode.InvalidRequest, -1, -1, "Transactions are not supported by the embedded broker.");
        if (partition is null) return new(ErrorCode.UnknownTopicOrPartition, -1, -1);
        if (data.Records is not { } memory) return new(ErrorCode.CorruptMessage, -1, -1, "Null record set.");

        // The frame buffer belongs to this request, so batches get their offsets written in place.
        var records = MemoryMarshal.AsMemory(memory).Span;
        var validation = RecordBatchValidator.Validate(records, batches);
        if (validation.Error != ErrorCode.None)
        {
            logger.LogWarning("Rejected produce to {Topic}-{Partition} from {Client}: {Reason}", topic, data.Index, context.ClientId, validation.Message);
            return new(validation.Error, -1, partition.LogStartOffset, validation.Message);
        }

        var result = partition.Append(records, batches);
        if (result.Error == ErrorCode.None) metrics.RecordBytesIn(topic, records.Length, batches.Sum(b => b.Header.RecordCount));
        return result;
    }
}
