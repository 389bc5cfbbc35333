using System.Runtime.InteropServices;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Storage;
using KappaAspire.Broker.Telemetry;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// Produce v3-8: validates each partition's record batches (magic, length, CRC), appends them with assigned
/// offsets, and answers per partition. acks=0 gets no response; with the fsync-on-acks=all policy, acks=all
/// waits for the group-committed fsync.
/// </summary>
internal sealed class ProduceHandler(LogManager logs, BrokerMetrics metrics, IOptions<BrokerOptions> options, ILogger<ProduceHandler> logger) : IApiHandler
{
    private readonly BrokerOptions _options = options.Value;

    public ApiKey Key => ApiKey.Produce;
    public short MinVersion => 3;
    public short MaxVersion => 8;

    private sealed record PartitionData(int Index, int Start, int Length, bool IsNull);
    private sealed record TopicData(string Name, List<PartitionData> Partitions);

    public async ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var (transactionalId, acks, topics) = Parse(request.Body.Span);
        var version = request.Version;
        var results = new List<(string Topic, List<(int Index, PartitionLog.AppendResult Result)> Partitions)>(topics.Count);
        var toFlush = new List<PartitionLog>();

        // The frame buffer belongs to this request, so batches get their offsets written in place.
        var body = MemoryMarshal.AsMemory(request.Body);
        var batches = new List<(int Start, RecordBatchHeader Header)>();
        foreach (var topic in topics)
        {
            var partitionResults = new List<(int, PartitionLog.AppendResult)>(topic.Partitions.Count);
            logs.TryGetTopic(topic.Name, out var topicLog);
            foreach (var data in topic.Partitions)
            {
                PartitionLog.AppendResult result;
                var partition = topicLog?.Partition(data.Index);
                if (acks is not (0 or 1 or -1)) result = new(ErrorCode.InvalidRequiredAcks, -1, -1);
                else if (transactionalId is not null) result = new(ErrorCode.InvalidRequest, -1, -1, "Transactions are not supported by the embedded broker.");
                else if (partition is null) result = new(ErrorCode.UnknownTopicOrPartition, -1, -1);
                else if (data.IsNull) result = new(ErrorCode.CorruptMessage, -1, -1, "Null record set.");
                else
                {
                    var records = body.Span.Slice(data.Start, data.Length);
                    var validation = RecordBatchValidator.Validate(records, batches);
                    if (validation.Error != ErrorCode.None)
                    {
                        logger.LogWarning("Rejected produce to {Topic}-{Partition} from {Client}: {Reason}",
                            topic.Name, data.Index, request.ClientId, validation.Message);
                        result = new(validation.Error, -1, partition.LogStartOffset, validation.Message);
                    }
                    else
                    {
                        result = partition.Append(records, batches);
                        if (result.Error == ErrorCode.None)
                        {
                            metrics.RecordBytesIn(topic.Name, records.Length, batches.Sum(b => b.Header.RecordCount));
                            if (acks == -1 && _options.Storage.Flush == FlushPolicy.FsyncOnAcksAll) toFlush.Add(partition);
                        }
                    }
                }
                if (result.Error != ErrorCode.None) request.ResultError = result.Error;
                partitionResults.Add((data.Index, result));
            }
            results.Add((topic.Name, partitionResults));
        }

        if (toFlush.Count > 0) await Task.WhenAll(toFlush.Select(p => p.FlushAsync()));
        if (acks == 0) return false;

        response.WriteArrayLength(results.Count);
        foreach (var (topic, partitions) in results)
        {
            response.WriteString(topic);
            response.WriteArrayLength(partitions.Count);
            foreach (var (index, result) in partitions)
            {
                response.WriteInt32(index);
                response.WriteInt16((short)result.Error);
                response.WriteInt64(result.BaseOffset);
                response.WriteInt64(-1); // log_append_time: topics use CreateTime
                if (version >= 5) response.WriteInt64(result.LogStartOffset);
                if (version >= 8)
                {
                    response.WriteArrayLength(0); // record_errors
                    response.WriteNullableString(result.Message);
                }
            }
        }
        response.WriteInt32(0); // throttle
        return true;
    }

    private static (string? TransactionalId, short Acks, List<TopicData> Topics) Parse(ReadOnlySpan<byte> body)
    {
        var reader = new KafkaReader(body);
        var transactionalId = reader.ReadNullableString();
        var acks = reader.ReadInt16();
        reader.ReadInt32(); // timeout: appends complete synchronously
        var topicCount = reader.ReadArrayLength(6);
        var topics = new List<TopicData>(topicCount);
        for (var t = 0; t < topicCount; t++)
        {
            var name = reader.ReadString();
            var partitionCount = reader.ReadArrayLength(8);
            var partitions = new List<PartitionData>(partitionCount);
            for (var p = 0; p < partitionCount; p++)
            {
                var index = reader.ReadInt32();
                var records = reader.ReadBytes(out var isNull);
                partitions.Add(new PartitionData(index, reader.Position - records.Length, records.Length, isNull));
            }
            topics.Add(new TopicData(name, partitions));
        }
        return (transactionalId, acks, topics);
    }
}
