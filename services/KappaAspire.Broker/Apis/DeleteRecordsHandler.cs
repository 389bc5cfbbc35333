using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>DeleteRecords v0-1: moves each partition's log start forward; consumers then begin there.</summary>
internal sealed class DeleteRecordsHandler(LogManager logs) : ApiHandler<DeleteRecordsRequest, DeleteRecordsResponse>
{
    public override ApiKey Key => ApiKey.DeleteRecords;
    public override short MinVersion => 0;
    public override short MaxVersion => 1;

    protected override ValueTask<DeleteRecordsResponse?> HandleAsync(DeleteRecordsRequest request, RequestContext context)
    {
        var topics = request.Topics.Select(topic => new DeleteRecordsResponse.Topic(topic.Name, [.. topic.Partitions.Select(p =>
        {
            var (error, lowWatermark) = logs.GetPartition(topic.Name, p.Partition) is { } log
                ? log.DeleteRecordsBefore(p.Offset)
                : (ErrorCode.UnknownTopicOrPartition, -1L);
            if (error != ErrorCode.None) context.ResultError = error;
            return (p.Partition, lowWatermark, error);
        })])).ToList();
        return ValueTask.FromResult<DeleteRecordsResponse?>(new(topics));
    }
}
