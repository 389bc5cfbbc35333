using KappaAspire.Testing;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Confluent.Kafka;

namespace KappaAspire.Broker.Tests;

/// <summary>Bad input gets an error response or a closed connection — never a crash, and other clients carry on.</summary>
public sealed class RobustnessTests(EmbeddedKafkaFixture broker) : IClassFixture<EmbeddedKafkaFixture>
{
    [Fact]
    public void A_consumer_subscribed_to_an_invalid_topic_name_gets_its_error_and_does_not_flood_the_broker_with_metadata_requests()
    {
        var metadataRequests = 0;
        var config = new ConsumerConfig(broker.ConsumerConfig("invalid-" + Guid.NewGuid().ToString("N"))) { Debug = "protocol" };
        using var consumer = new ConsumerBuilder<string, string>(config)
            .SetLogHandler((_, log) => { if (log.Message.Contains("Sent MetadataRequest")) Interlocked.Increment(ref metadataRequests); })
            .Build();
        consumer.Subscribe("not a topic!");

        ConsumeException? error = null;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            try { consumer.Consume(TimeSpan.FromMilliseconds(200)); }
            catch (ConsumeException ex) { error ??= ex; }
        }

        Assert.NotNull(error);
        Assert.Contains("not a topic!", error.Error.Reason);
        // Answered at once, librdkafka asks about 13,000 times a second; held back, a few times.
        Assert.InRange(Volatile.Read(ref metadataRequests), 1, 40);
    }

    [Fact]
    public async Task An_unsupported_ApiVersions_version_gets_error_35_and_the_supported_list()
    {
        using var client = await ConnectAsync();
        await SendFrameAsync(client, Header(apiKey: 18, version: 99, correlationId: 7));

        var response = await ReadFrameAsync(client);

        Assert.Equal(7, BinaryPrimitives.ReadInt32BigEndian(response));
        Assert.Equal(35, BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(4)));
        Assert.True(BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(6)) >= 19, "the answer lists every supported API");
    }

    [Fact]
    public async Task ApiVersions_lists_every_api_the_broker_routes_itself_included_each_once()
    {
        using var client = await ConnectAsync();
        await SendFrameAsync(client, Header(apiKey: 18, version: 0, correlationId: 8));

        var response = await ReadFrameAsync(client);

        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(4)));
        var count = BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(6));
        var apis = Enumerable.Range(0, count)
            .Select(i => 10 + 6 * i)
            .Select(at => (Key: BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(at)), Min: BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(at + 2)),
                Max: BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(at + 4))))
            .ToList();
        Assert.Contains(((short)18, (short)0, (short)3), apis); // ApiVersions, registered like every other handler
        Assert.Contains(((short)1, (short)4, (short)11), apis); // Fetch
        Assert.Equal(apis.Count, apis.Select(a => a.Key).Distinct().Count());
        Assert.Equal(apis.OrderBy(a => a.Key), apis);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("oversized-frame")]
    [InlineData("negative-frame")]
    [InlineData("unknown-api")]
    [InlineData("truncated-body")]
    [InlineData("disconnect-mid-frame")]
    public async Task A_bad_request_closes_only_its_own_connection(string kind)
    {
        using var healthy = await ConnectAsync();
        using (var bad = await ConnectAsync())
        {
            byte[] payload = kind switch
            {
                "garbage" => Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: kafka\r\n\r\n"),
                "oversized-frame" => [0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3],
                "negative-frame" => [0xFF, 0xFF, 0xFF, 0xF0],
                "unknown-api" => Frame(Header(apiKey: 999, version: 0, correlationId: 1)),
                "truncated-body" => Frame([.. Header(apiKey: 0, version: 7, correlationId: 1), 0x00, 0x05, 0x41]),
                _ => [0x00, 0x00, 0x10, 0x00, 0x00, 0x12],
            };
            await bad.GetStream().WriteAsync(payload);
            if (kind != "disconnect-mid-frame") Assert.True(await IsClosedByBrokerAsync(bad), "the broker should close a connection it cannot understand");
        }

        await AssertStillServes(healthy);
    }

    [Fact]
    public async Task Random_bodies_for_every_api_never_take_the_broker_down()
    {
        var random = new Random(20261124);
        short[] apis = [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 22, 23, 32];
        for (var round = 0; round < 300; round++)
        {
            using var client = await ConnectAsync();
            var body = new byte[random.Next(0, 200)];
            random.NextBytes(body);
            var api = apis[random.Next(apis.Length)];
            await SendFrameAsync(client, [.. Header(api, (short)random.Next(0, 9), round), .. body]);
            // Either an answer or a closed connection is fine; what matters is what comes next.
            await Task.WhenAny(ReadFrameAsync(client), Task.Delay(200));
        }

        using var after = await ConnectAsync();
        await AssertStillServes(after);
        var delivered = await KafkaTestClient.ProduceAsync(broker.ProducerConfig(), $"after-fuzz-{Guid.NewGuid():N}", 10);
        Assert.Equal(10, delivered.Count);
    }

    private async Task AssertStillServes(TcpClient client)
    {
        await SendFrameAsync(client, Header(apiKey: 18, version: 0, correlationId: 42));
        var response = await ReadFrameAsync(client);
        Assert.Equal(42, BinaryPrimitives.ReadInt32BigEndian(response));
        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(response.AsSpan(4)));
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", broker.Port);
        client.ReceiveTimeout = 5000;
        return client;
    }

    private static byte[] Header(short apiKey, short version, int correlationId)
    {
        var header = new byte[10 + 4];
        BinaryPrimitives.WriteInt16BigEndian(header, apiKey);
        BinaryPrimitives.WriteInt16BigEndian(header.AsSpan(2), version);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), correlationId);
        BinaryPrimitives.WriteInt16BigEndian(header.AsSpan(8), 4);
        Encoding.ASCII.GetBytes("test", header.AsSpan(10));
        return header;
    }

    private static byte[] Frame(byte[] body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    private static async Task SendFrameAsync(TcpClient client, byte[] body) => await client.GetStream().WriteAsync(Frame(body));

    private static async Task<byte[]> ReadFrameAsync(TcpClient client)
    {
        var stream = client.GetStream();
        var size = new byte[4];
        await stream.ReadExactlyAsync(size);
        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        await stream.ReadExactlyAsync(body);
        return body;
    }

    private static async Task<bool> IsClosedByBrokerAsync(TcpClient client)
    {
        var buffer = new byte[16];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { return await client.GetStream().ReadAsync(buffer, timeout.Token) == 0; }
        catch (IOException) { return true; }
    }
}
