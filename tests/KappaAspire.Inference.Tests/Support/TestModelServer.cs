using System.Net;
using System.Threading.Channels;
using Grpc.Core;
using KappaAspire.Pipeline.Grpc;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KappaAspire.Inference.Tests.Support;

/// <summary>
/// A <c>ModelDistribution</c> endpoint standing in for the trainer: Kestrel, plaintext HTTP/2 on a free port, the
/// bearer-token check, the current package on connect and every published one after.
/// </summary>
internal sealed class TestModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Distribution _distribution;

    private TestModelServer(WebApplication app, Distribution distribution, string address)
    {
        _app = app;
        _distribution = distribution;
        Address = address;
    }

    public string Address { get; }

    /// <summary>Calls refused for a wrong or missing token.</summary>
    public int RefusedCalls => _distribution.RefusedCalls;

    /// <summary>Calls accepted and streaming now.</summary>
    public int Subscribers => _distribution.Subscribers;

    /// <param name="token">The bearer token callers must present.</param>
    /// <param name="current">The package sent on connect, if any.</param>
    /// <param name="port">A fixed port (to restart a server where it was), or a free one.</param>
    public static async Task<TestModelServer> StartAsync(string token, ModelPackage? current = null, int? port = null)
    {
        port ??= FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port.Value, listen => listen.Protocols = HttpProtocols.Http2));
        var distribution = new Distribution(token, current);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(distribution);

        var app = builder.Build();
        app.MapGrpcService<Distribution>();
        await app.StartAsync();
        return new TestModelServer(app, distribution, $"http://127.0.0.1:{port}");
    }

    /// <summary>Makes <paramref name="package"/> current and streams it to every subscriber.</summary>
    public void Publish(ModelPackage package) => _distribution.Publish(package, makeCurrent: true);

    /// <summary>Streams <paramref name="package"/> as is (e.g. tampered) without making it current.</summary>
    public void Push(ModelPackage package) => _distribution.Publish(package, makeCurrent: false);

    public async ValueTask DisposeAsync()
    {
        _distribution.Complete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Distribution(string token, ModelPackage? current) : ModelDistribution.ModelDistributionBase
    {
        private readonly Lock _lock = new();
        private readonly List<Channel<ModelChunk>> _subscribers = [];
        private readonly Dictionary<string, ModelPackage> _published = current is null ? [] : new() { [current.Version] = current };
        private ModelPackage? _current = current;

        /// <summary>One published version (or the current one for an empty version), as the trainer's registry answers.</summary>
        public override async Task GetModel(GetModelRequest request, IServerStreamWriter<ModelChunk> responseStream, ServerCallContext context)
        {
            if (context.RequestHeaders.GetValue("authorization") != $"Bearer {token}")
            {
                Interlocked.Increment(ref _refused);
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unauthenticated, "invalid model channel token"));
            }

            ModelPackage? package;
            lock (_lock)
            {
                package = request.Version == "" ? _current : _published.GetValueOrDefault(request.Version);
            }

            if (package is null)
            {
                throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"no model {request.Version}"));
            }

            foreach (var chunk in ModelChunker.Split(package, chunkSize: 16 * 1024))
            {
                await responseStream.WriteAsync(chunk);
            }
        }
        private int _refused;

        public int RefusedCalls => Volatile.Read(ref _refused);

        public int Subscribers
        {
            get
            {
                lock (_lock)
                {
                    return _subscribers.Count;
                }
            }
        }

        public void Publish(ModelPackage package, bool makeCurrent)
        {
            lock (_lock)
            {
                if (makeCurrent)
                {
                    _current = package;
                    _published[package.Version] = package;
                }

                foreach (var subscriber in _subscribers)
                {
                    Write(subscriber, package);
                }
            }
        }

        public void Complete()
        {
            lock (_lock)
            {
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryComplete();
                }
            }
        }

        public override async Task WatchModels(WatchModelsRequest request, IServerStreamWriter<ModelChunk> responseStream, ServerCallContext context)
        {
            if (context.RequestHeaders.GetValue("authorization") != $"Bearer {token}")
            {
                Interlocked.Increment(ref _refused);
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unauthenticated, "invalid model channel token"));
            }

            var channel = Channel.CreateUnbounded<ModelChunk>();
            lock (_lock)
            {
                if (_current is not null)
                {
                    Write(channel, _current);
                }

                _subscribers.Add(channel);
            }

            try
            {
                await context.WriteResponseHeadersAsync([]);
                await foreach (var chunk in channel.Reader.ReadAllAsync(context.CancellationToken))
                {
                    await responseStream.WriteAsync(chunk);
                }
            }
            catch (OperationCanceledException)
            {
                // The subscriber went away.
            }
            finally
            {
                lock (_lock)
                {
                    _subscribers.Remove(channel);
                }
            }
        }

        // Small chunks, so a package takes several data messages like a real model does.
        private static void Write(Channel<ModelChunk> channel, ModelPackage package)
        {
            foreach (var chunk in ModelChunker.Split(package, chunkSize: 16 * 1024))
            {
                channel.Writer.TryWrite(chunk);
            }
        }
    }
}
