using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Tests;

/// <summary>
/// The typed wire codec without a broker: every message reads back what it writes, in every version served, and
/// leaves no byte unread; golden frames pin the layout to the protocol's schema.
/// </summary>
public sealed class MessageCodecTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void DeleteGroups_round_trips(short version)
    {
        RoundTrips(new DeleteGroupsRequest(["a", "group-b", ""]), version);
        RoundTrips(new DeleteGroupsResponse([new("a", ErrorCode.None), new("group-b", ErrorCode.NonEmptyGroup)]), version);
    }

    [Fact]
    public void OffsetDelete_round_trips()
    {
        RoundTrips(new OffsetDeleteRequest("g", [new("t1", [0, 2]), new("t2", [])]), 0);
        RoundTrips(new OffsetDeleteResponse(ErrorCode.None, [new("t1", [new(0, ErrorCode.None), new(2, ErrorCode.GroupSubscribedToTopic)])]), 0);
        RoundTrips(new OffsetDeleteResponse(ErrorCode.GroupIdNotFound, []), 0);
    }

    [Fact]
    public void An_OffsetDelete_request_reads_as_the_schema_lays_it_out()
    {
        // GroupId "g", one topic "t" with partitions 1 and 3.
        byte[] frame = [0, 1, (byte)'g', 0, 0, 0, 1, 0, 1, (byte)'t', 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3];

        var reader = new KafkaReader(frame);
        var request = OffsetDeleteRequest.Read(ref reader, 0);

        Assert.Equal("g", request.GroupId);
        Assert.Equal("t", request.Topics.Single().Name);
        Assert.Equal([1, 3], request.Topics.Single().Partitions);
    }

    [Fact]
    public void A_DeleteGroups_response_is_written_as_the_schema_lays_it_out()
    {
        // Throttle 0, one result: "g" with NON_EMPTY_GROUP (68).
        byte[] expected = [0, 0, 0, 0, 0, 0, 0, 1, 0, 1, (byte)'g', 0, 68];

        Assert.Equal(expected, Bytes(new DeleteGroupsResponse([new("g", ErrorCode.NonEmptyGroup)]), 1));
    }

    [Fact]
    public void An_array_count_the_frame_cannot_hold_is_refused()
    {
        // A group id, then a topic count of 2^30.
        byte[] frame = [0, 1, (byte)'g', 0x40, 0, 0, 0];

        Assert.Throws<MalformedRequestException>(() =>
        {
            var reader = new KafkaReader(frame);
            OffsetDeleteRequest.Read(ref reader, 0);
        });
    }

    internal static void RoundTrips<T>(T message, short version) where T : IKafkaMessage<T>
    {
        var written = Bytes(message, version);
        var reader = new KafkaReader(written);
        var read = T.Read(ref reader, version);
        Assert.Equal(0, reader.Remaining);
        Assert.Equal(written, Bytes(read, version));
    }

    internal static byte[] Bytes<T>(T message, short version) where T : IKafkaMessage<T>
    {
        using var writer = new KafkaWriter();
        message.Write(writer, version);
        return writer.WrittenMemory.Span[4..].ToArray();
    }
}
