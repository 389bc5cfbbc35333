using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using KappaAspire.Broker.Apis;
using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Network;

/// <summary>
/// One Kafka client connection: reads size-prefixed frames from the socket pipe, dispatches them in order
/// (Kafka answers a connection's requests in the order sent), and writes responses. A frame that is too
/// large, truncated or not understood closes this connection only, with a log line.
/// </summary>
internal sealed partial class KafkaConnectionHandler(
    RequestDispatcher dispatcher, IOptions<BrokerOptions> options, BrokerMetrics metrics, ILogger<KafkaConnectionHandler> logger)
    : ConnectionHandler
{
    private const int MinimumFrame = 10; // api key, version, correlation id, client id length

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var client = (connection.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "unknown";
        var closed = connection.ConnectionClosed;
        metrics.ConnectionOpened();
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(closed);
                var buffer = result.Buffer;
                var unflushed = false;
                while (TryTakeFrame(ref buffer, out var frame, out var length))
                {
                    try
                    {
                        var pending = dispatcher.DispatchAsync(frame.AsMemory(0, length), client, closed);
                        // Do not hold earlier responses back while this request long-polls.
                        if (!pending.IsCompleted && unflushed) { await output.FlushAsync(closed); unflushed = false; }
                        using var response = await pending;
                        if (response is not null)
                        {
                            output.Write(response.WrittenMemory.Span);
                            unflushed = true;
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(frame);
                    }
                }
                if (unflushed) await output.FlushAsync(closed);
                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) break;
            }
        }
        catch (MalformedRequestException ex)
        {
            LogBadRequest(client, ex.Message);
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
        }
        catch (ConnectionResetException)
        {
        }
        catch (Exception ex)
        {
            LogConnectionFailed(ex, client);
        }
        finally
        {
            metrics.ConnectionClosed();
            await input.CompleteAsync();
            await output.CompleteAsync();
        }
    }

    /// <summary>Takes one complete frame (without its size prefix) into a pooled array; false when more bytes are needed.</summary>
    private bool TryTakeFrame(ref ReadOnlySequence<byte> buffer, out byte[] frame, out int length)
    {
        frame = [];
        length = 0;
        if (buffer.Length < 4) return false;
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        length = BinaryPrimitives.ReadInt32BigEndian(prefix);
        if (length < MinimumFrame || length > options.Value.MaxRequestBytes)
            throw new MalformedRequestException($"Frame size {length} is outside {MinimumFrame}..{options.Value.MaxRequestBytes} bytes.");
        if (buffer.Length < 4 + length) return false;
        frame = ArrayPool<byte>.Shared.Rent(length);
        buffer.Slice(4, length).CopyTo(frame);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing connection from {Client}: {Reason}")]
    private partial void LogBadRequest(string client, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connection from {Client} failed")]
    private partial void LogConnectionFailed(Exception exception, string client);
}
