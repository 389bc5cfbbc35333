using Grpc.Core;
using Grpc.Net.Client;
using KappaAspire.Inference.Models;
using KappaAspire.Inference.Telemetry;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Grpc;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;
using Microsoft.Extensions.Options;

namespace KappaAspire.Inference.Services;

/// <summary>Where the subscription to the trainer stands, for <c>/status</c>.</summary>
internal enum ModelChannelState
{
    Connecting,
    Subscribed,
    Unavailable,
    Unauthenticated,
}

/// <summary>
/// Subscribes to the trainer's <c>WatchModels</c> stream and keeps <see cref="ServingModel"/> up to date: each package is
/// reassembled, verified (hash, feature schema) and swapped in atomically; a bad one is refused and the current model
/// keeps serving. Reconnects with capped exponential backoff and jitter; logs changes of state, not every retry.
/// </summary>
/// <remarks>
/// A plain <see cref="GrpcChannel"/>, not an HttpClientFactory client: the standard resilience handler the service
/// defaults put on every HttpClient would cut this endless stream at its total-request timeout.
/// </remarks>
internal sealed partial class ModelSubscriptionService(
    ServingModel model,
    InferenceMetrics metrics,
    IOptions<ModelChannelClientOptions> options,
    IOptions<InferenceOptions> inference,
    ILoggerFactory loggerFactory,
    ILogger<ModelSubscriptionService> logger) : BackgroundService
{
    private readonly ModelChannelClientOptions _options = options.Value;
    private readonly string? _pinned = inference.Value.Model;
    private volatile ChannelStatus _status = new(ModelChannelState.Connecting, null, DateTimeOffset.UtcNow);

    /// <summary>The subscription's state, last problem and since when.</summary>
    public ChannelStatus Status => _status;

    public string Address => _options.Address!;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var channel = GrpcChannel.ForAddress(_options.Address!, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                // Pings notice a silently dead trainer connection; the stream is otherwise quiet between promotions.
                KeepAlivePingDelay = TimeSpan.FromSeconds(20),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                EnableMultipleHttp2Connections = true,
            },
            LoggerFactory = loggerFactory,
        });
        var client = new ModelDistribution.ModelDistributionClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {_options.Token}" } };

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var received = false;
            try
            {
                received = _pinned is null
                    ? await WatchAsync(client, headers, stoppingToken).ConfigureAwait(false)
                    : await FetchPinnedAsync(client, headers, _pinned, stoppingToken).ConfigureAwait(false);
                SetStatus(ModelChannelState.Unavailable, "the trainer ended the stream");
            }
            catch (RpcException ex) when (!stoppingToken.IsCancellationRequested)
            {
                SetStatus(ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied
                    ? ModelChannelState.Unauthenticated
                    : ModelChannelState.Unavailable, $"{ex.StatusCode}: {ex.Status.Detail}");
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException && stoppingToken.IsCancellationRequested)
            {
                break; // Shutting down: the call was cancelled with us.
            }

            // A stream that delivered something was healthy: start the backoff over.
            failures = received ? 0 : failures + 1;
            try
            {
                await Task.Delay(RetryDelay(failures), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Follows one stream until it ends; returns whether any message arrived.</summary>
    private async Task<bool> WatchAsync(ModelDistribution.ModelDistributionClient client, Metadata headers, CancellationToken cancellationToken)
    {
        var request = new WatchModelsRequest
        {
            KnownVersion = model.Current?.Version ?? "",
            FeatureSchemaVersion = FeatureSchema.Version,
            ClientId = Environment.MachineName,
        };
        using var call = client.WatchModels(request, headers, cancellationToken: cancellationToken);

        // Headers arrive when the trainer accepted the call, possibly long before its first model. A refused call
        // (trailers only) faults this task instead, and the stream below throws.
        _ = call.ResponseHeadersAsync.ContinueWith(
            task =>
            {
                if (task.IsCompletedSuccessfully)
                {
                    SetStatus(ModelChannelState.Subscribed, null);
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        var assembler = new ModelChunkAssembler();
        var received = false;
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            received = true;
            SetStatus(ModelChannelState.Subscribed, null);
            ModelPackage? package;
            try
            {
                if (!assembler.TryAdd(chunk, out package))
                {
                    continue;
                }
            }
            catch (InvalidModelPackageException ex)
            {
                // The assembler dropped the partial package; the next header starts a fresh one.
                Refuse(chunk.Version, ex.Message);
                continue;
            }

            Load(package);
        }

        return received;
    }

    /// <summary>
    /// Fetches exactly <paramref name="version"/> with <c>GetModel</c> and, once it serves, holds until shutdown: a pinned
    /// model is never replaced. Returns (to be retried with backoff) only when the package was refused.
    /// </summary>
    private async Task<bool> FetchPinnedAsync(ModelDistribution.ModelDistributionClient client, Metadata headers, string version, CancellationToken cancellationToken)
    {
        using var call = client.GetModel(new GetModelRequest { Version = version }, headers, cancellationToken: cancellationToken);
        var assembler = new ModelChunkAssembler();
        var received = false;
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            received = true;
            SetStatus(ModelChannelState.Subscribed, null);
            ModelPackage? package;
            try
            {
                if (!assembler.TryAdd(chunk, out package))
                {
                    continue;
                }
            }
            catch (InvalidModelPackageException ex)
            {
                Refuse(chunk.Version, ex.Message);
                return received;
            }

            if (package.Version != version)
            {
                Refuse(package.Version, $"the trainer answered with it when asked for {version}");
                return received;
            }

            Load(package);
            if (model.Current?.Version == version)
            {
                LogPinned(logger, version);
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
        }

        return received;
    }

    private void Load(ModelPackage package)
    {
        var current = model.Current;
        if (current is not null && current.Version == package.Version && current.Metadata.Sha256 == package.Metadata.Sha256)
        {
            return; // Re-sent on reconnect: already serving it.
        }

        AnomalyScorer scorer;
        try
        {
            scorer = AnomalyScorer.Load(package);
        }
        catch (InvalidModelPackageException ex)
        {
            Refuse(package.Version, ex.Message);
            return;
        }

        var previous = model.Swap(new LoadedModel(scorer, package.Metadata, DateTimeOffset.UtcNow));
        metrics.RecordModelLoaded(package.Version);
        LogServing(logger, package.Version, previous?.Version ?? "none", package.Metadata.Metrics.AlarmRate, package.Metadata.Scoring.Sensors.Count);
    }

    private void Refuse(string version, string reason)
    {
        metrics.RecordModelRefused(version);
        LogRefused(logger, version, reason, model.Current?.Version ?? "none");
    }

    private TimeSpan RetryDelay(int failures)
    {
        // Exponential up to the cap, then "equal jitter": half fixed, half random, so replicas do not reconnect in step.
        var exponent = Math.Min(Math.Max(failures - 1, 0), 16);
        var ceiling = Math.Min(_options.MinRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), _options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    private void SetStatus(ModelChannelState state, string? problem)
    {
        var previous = _status;
        if (previous.State == state)
        {
            return;
        }

        _status = new ChannelStatus(state, problem, DateTimeOffset.UtcNow);
        switch (state)
        {
            case ModelChannelState.Subscribed:
                LogSubscribed(logger, Address);
                break;
            case ModelChannelState.Unauthenticated:
                LogUnauthenticated(logger, Address, problem ?? "");
                break;
            default:
                LogUnavailable(logger, Address, problem ?? "", model.Current?.Version ?? "none");
                break;
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Subscribed to models at {Address}")]
    private static partial void LogSubscribed(ILogger logger, string address);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Model channel {Address} unavailable ({Problem}); retrying with backoff, serving {Version} meanwhile")]
    private static partial void LogUnavailable(ILogger logger, string address, string problem, string version);

    [LoggerMessage(EventId = 42, Level = LogLevel.Error, Message = "Model channel {Address} refused our token ({Problem}); check ModelChannel:Token. Retrying with backoff")]
    private static partial void LogUnauthenticated(ILogger logger, string address, string problem);

    [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "Serving model {Version} (was {Previous}; holdout alarm rate {AlarmRate:P2}, {SensorProfiles} sensor profiles)")]
    private static partial void LogServing(ILogger logger, string version, string previous, double alarmRate, int sensorProfiles);

    [LoggerMessage(EventId = 45, Level = LogLevel.Information, Message = "Pinned to model {Version}: promotions are not followed")]
    private static partial void LogPinned(ILogger logger, string version);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "Refused model {Version}: {Reason}. Still serving {Current}")]
    private static partial void LogRefused(ILogger logger, string version, string reason, string current);
}

/// <summary>The model channel's state as shown by <c>/status</c>.</summary>
internal sealed record ChannelStatus(ModelChannelState State, string? Problem, DateTimeOffset Since);
