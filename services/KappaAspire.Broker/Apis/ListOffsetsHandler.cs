using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using KappaAspire.Broker.Storage;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// ListOffsets v1-8: earliest (-2), latest (-1), the record with the largest timestamp (-3, KIP-734: v7 on), the
/// earliest offset on local storage (-4, KIP-405: v8 on; with no tiered storage, the log start) or the first offset
/// at or after a timestamp.
/// </summary>
internal sealed class ListOffsetsHandler(LogManager logs) : ApiHandler<ListOffsetsRequest, ListOffsetsResponse>
{
    private const long Latest = -1;
    private const long Earliest = -2;
    private const long MaxTimestamp = -3;
    private const long EarliestLocal = -4;

    public override ApiKey Key => ApiKey.ListOffsets;
    public override short MinVersion => 1;
    public override short MaxVersion => 8;
    public override short FirstFlexibleVersion => ListOffsetsRequest.FirstFlexibleVersion;

    protected override ValueTask<ListOffsetsResponse?> HandleAsync(ListOffsetsRequest request, RequestContext context)
    {
        var topics = request.Topics.Select(topic => new ListOffsetsResponse.Topic(topic.Name, [.. topic.Partitions.Select(p =>
        {
            var found = Find(topic.Name, p);
            if (found.Error != ErrorCode.None) context.ResultError = found.Error;
            return found;
        })])).ToList();
        return ValueTask.FromResult<ListOffsetsResponse?>(new(topics));
    }

    private ListOffsetsResponse.Partition Find(string topic, ListOffsetsRequest.Partition request)
    {
        if (logs.GetPartition(topic, request.Index) is not { } log)
            return new(request.Index, ErrorCode.UnknownTopicOrPartition, -1, -1, 0);
        var (offset, timestamp) = request.Timestamp switch
        {
            Latest => (log.HighWatermark, -1L),
            Earliest or EarliestLocal => (log.LogStartOffset, -1L),
            MaxTimestamp => log.FindMaxTimestamp(),
            _ => log.FindOffsetByTimestamp(request.Timestamp),
        };
        return new(request.Index, ErrorCode.None, timestamp, offset, 0); // leader epoch: one leader forever
    }
}
