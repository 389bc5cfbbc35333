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

    public static TheoryData<short> Versions(short min, short max) => [.. Enumerable.Range(min, max - min + 1).Select(v => (short)v)];

    public static TheoryData<short> V0To1 => Versions(0, 1);
    public static TheoryData<short> V0To2 => Versions(0, 2);
    public static TheoryData<short> V0To3 => Versions(0, 3);
    public static TheoryData<short> V0To4 => Versions(0, 4);
    public static TheoryData<short> V0To5 => Versions(0, 5);
    public static TheoryData<short> V1To5 => Versions(1, 5);
    public static TheoryData<short> V1To8 => Versions(1, 8);
    public static TheoryData<short> V2To7 => Versions(2, 7);

    [Theory]
    [MemberData(nameof(V0To3))]
    public void Heartbeat_round_trips(short version)
    {
        RoundTrips(new HeartbeatRequest("g", 3, "m-1", version >= 3 ? "instance" : null), version);
        RoundTrips(new HeartbeatResponse(ErrorCode.RebalanceInProgress), version);
    }

    [Theory]
    [MemberData(nameof(V0To3))]
    public void LeaveGroup_round_trips(short version)
    {
        RoundTrips(version < 3
            ? new LeaveGroupRequest("g", [new("m-1", null)])
            : new LeaveGroupRequest("g", [new("m-1", null), new("", "instance-2")]), version);
        RoundTrips(version < 3
            ? new LeaveGroupResponse(ErrorCode.UnknownMemberId, [])
            : new LeaveGroupResponse(ErrorCode.None, [new("m-1", null, ErrorCode.None), new("", "instance-2", ErrorCode.UnknownMemberId)]), version);
    }

    [Theory]
    [MemberData(nameof(V0To1))]
    public void CreatePartitions_round_trips(short version)
    {
        RoundTrips(new CreatePartitionsRequest([new("t", 6, null), new("u", 3, [[1], [1]])], 30_000, ValidateOnly: true), version);
        RoundTrips(new CreatePartitionsResponse([("t", ErrorCode.None, null), ("u", ErrorCode.InvalidPartitions, "Topic already has 3 partitions.")]), version);
    }

    [Theory]
    [MemberData(nameof(V0To1))]
    public void AlterConfigs_round_trips(short version)
    {
        RoundTrips(new AlterConfigsRequest([new(2, "t", [("retention.ms", "1000"), ("x", null)]), new(4, "1", [])], ValidateOnly: false), version);
        RoundTrips(new AlterConfigsResponse([new(ErrorCode.None, null, 2, "t"), new(ErrorCode.InvalidConfig, "fixed", 4, "1")]), version);
    }

    [Theory]
    [MemberData(nameof(V0To1))]
    public void DeleteRecords_round_trips(short version)
    {
        RoundTrips(new DeleteRecordsRequest([new("t", [(0, 150), (1, -1)])], 30_000), version);
        RoundTrips(new DeleteRecordsResponse([new("t", [(0, 150, ErrorCode.None), (1, -1, ErrorCode.OffsetOutOfRange)])]), version);
    }

    [Fact]
    public void IncrementalAlterConfigs_round_trips()
    {
        RoundTrips(new IncrementalAlterConfigsRequest(
            [new(2, "t", [("retention.ms", IncrementalAlterConfigsRequest.Operation.Delete, null), ("cleanup.policy", IncrementalAlterConfigsRequest.Operation.Append, "compact")])],
            ValidateOnly: true), 0);
    }

    [Theory]
    [MemberData(nameof(V0To5))]
    public void JoinGroup_round_trips(short version)
    {
        RoundTrips(new JoinGroupRequest("g", 10_000, version >= 1 ? 30_000 : 10_000, "", version >= 5 ? "i" : null, "consumer", [("range", [0, 1]), ("roundrobin", [])]), version);
        RoundTrips(new JoinGroupResponse(ErrorCode.None, 2, "range", "m-1", "m-2", [("m-1", version >= 5 ? "i" : null, [9]), ("m-2", null, [])]), version);
    }

    [Theory]
    [MemberData(nameof(V0To3))]
    public void SyncGroup_round_trips(short version)
    {
        RoundTrips(new SyncGroupRequest("g", 2, "m-1", version >= 3 ? "i" : null, [("m-1", [1, 2]), ("m-2", [])]), version);
        RoundTrips(new SyncGroupResponse(ErrorCode.None, [1, 2, 3]), version);
    }

    [Theory]
    [MemberData(nameof(V0To2))]
    public void FindCoordinator_round_trips(short version)
    {
        RoundTrips(new FindCoordinatorRequest("g", version >= 1 ? (sbyte)1 : (sbyte)0), version);
        RoundTrips(new FindCoordinatorResponse(ErrorCode.None, version >= 1 ? "why" : null, 1, "localhost", 9092), version);
    }

    [Theory]
    [MemberData(nameof(V0To5))]
    public void ListGroups_round_trips(short version)
    {
        RoundTrips(new ListGroupsRequest(version >= 4 ? ["Stable", "Empty"] : [], version >= 5 ? ["classic"] : []), version);
        RoundTrips(new ListGroupsResponse(ErrorCode.None,
            [new("a", "consumer", version >= 4 ? "Stable" : "", version >= 5 ? "classic" : ""), new("b", "", version >= 4 ? "Empty" : "", version >= 5 ? "classic" : "")]), version);
    }

    [Theory]
    [MemberData(nameof(V0To4))]
    public void DescribeGroups_round_trips(short version)
    {
        RoundTrips(new DescribeGroupsRequest(["a", "b"], version >= 3), version);
        RoundTrips(new DescribeGroupsResponse(
        [
            new(ErrorCode.None, "a", "Stable", "consumer", "range", [new("m-1", version >= 4 ? "i" : null, "client", "/127.0.0.1", [1], [2, 3])]),
            new(ErrorCode.None, "b", "Dead", "", "", []),
        ]), version);
    }

    [Theory]
    [MemberData(nameof(V0To1))]
    public void InitProducerId_round_trips(short version)
    {
        RoundTrips(new InitProducerIdRequest(null, 60_000), version);
        RoundTrips(new InitProducerIdResponse(ErrorCode.None, 1234, 0), version);
    }

    [Theory]
    [MemberData(nameof(V0To3))]
    public void DeleteTopics_round_trips(short version)
    {
        RoundTrips(new DeleteTopicsRequest(["a", "b"], 30_000), version);
        RoundTrips(new DeleteTopicsResponse([("a", ErrorCode.None), ("b", ErrorCode.UnknownTopicOrPartition)]), version);
    }

    [Theory]
    [MemberData(nameof(V1To5))]
    public void OffsetFetch_round_trips(short version)
    {
        RoundTrips(new OffsetFetchRequest("g", [new("t", [0, 1])]), version);
        if (version >= 2) RoundTrips(new OffsetFetchRequest("g", null), version);
        RoundTrips(new OffsetFetchResponse([new("t", [new(0, 42, version >= 5 ? 3 : -1, "meta", ErrorCode.None), new(1, -1, -1, null, ErrorCode.None)])],
            version >= 2 ? ErrorCode.NotCoordinator : ErrorCode.None), version);
    }

    [Theory]
    [MemberData(nameof(V2To7))]
    public void OffsetCommit_round_trips(short version)
    {
        RoundTrips(new OffsetCommitRequest("g", 2, "m-1", version >= 7 ? "i" : null, version <= 4 ? 86_400_000 : -1,
            [new("t", [new(0, 42, version >= 6 ? 3 : -1, "meta"), new(1, 7, -1, null)])]), version);
        RoundTrips(new OffsetCommitResponse([new("t", [(0, ErrorCode.None), (1, ErrorCode.IllegalGeneration)])]), version);
    }

    public static TheoryData<short> V0To8 => Versions(0, 8);
    public static TheoryData<short> V2To2 => Versions(2, 2);

    [Theory]
    [MemberData(nameof(V0To3))]
    public void ApiVersions_round_trips(short version)
    {
        RoundTrips(new ApiVersionsRequest(version == 3 ? "librdkafka" : null, version == 3 ? "2.16.0" : null), version);
        RoundTrips(new ApiVersionsResponse(ErrorCode.None, [(ApiKey.Produce, 3, 9), (ApiKey.Fetch, 4, 11)]), version);
        RoundTrips(new ApiVersionsResponse(ErrorCode.UnsupportedVersion, [(ApiKey.ApiVersions, 0, 3)]), version);
    }

    [Fact]
    public void An_unsupported_ApiVersions_version_is_answered_in_the_v0_form()
    {
        var answer = new ApiVersionsResponse(ErrorCode.UnsupportedVersion, [(ApiKey.ApiVersions, 0, 3)]);

        Assert.Equal(Bytes(answer, 0), Bytes(answer, 4));
        Assert.Equal([0, 35, 0, 0, 0, 1, 0, 18, 0, 0, 0, 3], Bytes(answer, 4));
    }

    [Theory]
    [MemberData(nameof(V0To4))]
    public void CreateTopics_round_trips(short version)
    {
        RoundTrips(new CreateTopicsRequest(
        [
            new("a", 3, 1, [], [("retention.ms", "1000"), ("cleanup.policy", null)]),
            new("b", -1, -1, [(0, [1])], []),
        ], 30_000, version >= 1), version);
        RoundTrips(new CreateTopicsResponse([("a", ErrorCode.None, null), ("b", ErrorCode.InvalidRequest, version >= 1 ? "why" : null)]), version);
    }

    [Fact]
    public void ListOffsets_v7_is_flexible_compact_arrays_and_strings_and_tagged_fields_at_every_level()
    {
        byte[] frame =
        [
            0xff, 0xff, 0xff, 0xff, // replica id -1
            0, // isolation level
            2, 2, (byte)'t', // one topic (count + 1), name "t" (length + 1)
            2, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd, // partition 0, epoch -1, timestamp -3
            0, 0, 0, // tagged fields of the partition, the topic, the request
        ];

        var reader = new KafkaReader(frame.AsMemory());
        var request = ListOffsetsRequest.Read(ref reader, 7);

        Assert.Equal(0, reader.Remaining);
        Assert.Equal(-3, request.Topics.Single().Partitions.Single().Timestamp);
        Assert.Equal(frame, Bytes(request, 7));
    }

    [Theory]
    [MemberData(nameof(V1To8))]
    public void ListOffsets_round_trips(short version)
    {
        RoundTrips(new ListOffsetsRequest(-1, version >= 2 ? (sbyte)1 : (sbyte)0, [new("t", [new(0, version >= 4 ? 0 : -1, -2), new(1, -1, 1_700_000_000_000)])]), version);
        RoundTrips(new ListOffsetsResponse([new("t", [new(0, ErrorCode.None, -1, 42, version >= 4 ? 0 : -1), new(1, ErrorCode.UnknownTopicOrPartition, -1, -1, -1)])]), version);
    }

    [Theory]
    [MemberData(nameof(V2To2))]
    public void OffsetForLeaderEpoch_round_trips(short version)
    {
        RoundTrips(new OffsetForLeaderEpochRequest([new("t", [new(0, 0, 0), new(1, 0, -1)])]), version);
        RoundTrips(new OffsetForLeaderEpochResponse([new("t", [new(ErrorCode.None, 0, 0, 42), new(ErrorCode.None, 1, -1, -1)])]), version);
    }

    [Theory]
    [MemberData(nameof(V0To1))]
    public void DescribeConfigs_round_trips(short version)
    {
        RoundTrips(new DescribeConfigsRequest([new(2, "t", ["retention.ms"]), new(4, "1", null)], version >= 1), version);
        RoundTrips(new DescribeConfigsResponse(
        [
            new(ErrorCode.None, null, 2, "t", [new("retention.ms", "1000", false, DescribeConfigsResponse.SourceDynamicTopic, false, version >= 1 ? [new("retention.ms", "1000", DescribeConfigsResponse.SourceDynamicTopic), new("log.retention.ms", "-1", DescribeConfigsResponse.SourceDefault)] : []), new("x", null, false, DescribeConfigsResponse.SourceDefault, false, [])]),
            new(ErrorCode.UnknownTopicOrPartition, "no such topic", 2, "u", []),
        ]), version);
    }

    [Theory]
    [MemberData(nameof(V0To8))]
    public void Metadata_round_trips(short version)
    {
        RoundTrips(new MetadataRequest(["a", "b"], version < 4 || false, version >= 8, false), version);
        RoundTrips(new MetadataRequest(null, true, false, version >= 8), version);
        RoundTrips(new MetadataResponse(
            [new(1, "localhost", 9092, null)], version >= 2 ? "cluster" : null, version >= 1 ? 1 : -1,
            [
                new(ErrorCode.None, "a", false, [new(ErrorCode.None, 0, 1, version >= 7 ? 0 : -1, [1], [1], [])]),
                new(ErrorCode.InvalidTopic, "bad/name", false, []),
            ]), version);
    }

    [Fact]
    public void A_v0_Metadata_request_with_no_topics_asks_for_all()
    {
        byte[] frame = [0, 0, 0, 0];

        var reader = new KafkaReader(frame);

        Assert.Null(MetadataRequest.Read(ref reader, 0).Topics);
    }

    public static TheoryData<short> V3To8 => Versions(3, 8);
    public static TheoryData<short> V4To11 => Versions(4, 11);

    [Theory]
    [MemberData(nameof(V3To8))]
    public void Produce_round_trips_with_record_sets_read_in_place(short version)
    {
        byte[] records = [1, 2, 3, 4, 5];
        var request = new ProduceRequest(null, -1, 30_000, [new("t", [new(0, records), new(1, null)])]);
        var written = Bytes(request, version);

        var reader = new KafkaReader(written.AsMemory());
        var read = ProduceRequest.Read(ref reader, version);

        Assert.Equal(records, read.Topics[0].Partitions[0].Records!.Value.ToArray());
        Assert.Null(read.Topics[0].Partitions[1].Records);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(read.Topics[0].Partitions[0].Records!.Value, out var slice) && slice.Array == written);
        Assert.Equal(written, Bytes(read, version));
        RoundTrips(new ProduceResponse([new("t", [new(0, ErrorCode.None, 42, -1, version >= 5 ? 0 : -1, null), new(1, ErrorCode.CorruptMessage, -1, -1, -1, version >= 8 ? "bad" : null)])]), version);
    }

    [Theory]
    [MemberData(nameof(V4To11))]
    public void Fetch_round_trips(short version)
    {
        RoundTrips(new FetchRequest(-1, 500, 1, 52_428_800, 0, version >= 7 ? 0 : 0, version >= 7 ? -1 : -1,
            [new("t", [new(0, version >= 9 ? 0 : -1, 42, version >= 5 ? 0 : -1, 1_048_576)])],
            version >= 7 ? [new("old", [new(3, -1, -1, -1, 0)])] : [], version >= 11 ? "rack-a" : ""), version);
        RoundTrips(new FetchResponse(ErrorCode.None, 0,
            [new("t", [new(0, new(ErrorCode.None, 100, version >= 5 ? 0 : -1), [9, 8, 7]), new(1, new(ErrorCode.OffsetOutOfRange, 5, version >= 5 ? 2 : -1), [])])]), version);
    }

    [Theory]
    [MemberData(nameof(V4To11))]
    public void A_Fetch_partition_header_has_one_size_whatever_its_values(short version)
    {
        Assert.Equal(FetchResponse.PartitionHeader.Size(version), HeaderBytes(default).Length);
        Assert.Equal(HeaderBytes(default).Length, HeaderBytes(new(ErrorCode.OffsetOutOfRange, long.MaxValue, 12)).Length);

        byte[] HeaderBytes(FetchResponse.PartitionHeader header)
        {
            using var writer = new KafkaWriter();
            FetchResponse.WritePartitionHeader(writer, version, header);
            return writer.WrittenMemory.Span[4..].ToArray();
        }
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
        var reader = new KafkaReader(written.AsMemory());
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
