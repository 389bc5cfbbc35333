using System.Text.Json;
using Grpc.Core;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Grpc;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Trainer.Registry;

namespace KappaAspire.Trainer.Distribution;

/// <summary>
/// The gRPC model publisher: inference pods watch for promoted models, fetch a version, or list what the registry holds.
/// Packages travel as <see cref="ModelChunker"/> chunks. Calls are authenticated by <see cref="ModelChannelAuthInterceptor"/>.
/// </summary>
internal sealed partial class ModelDistributionService(
    ModelRegistry registry,
    PromotedModelFeed feed,
    IHostApplicationLifetime lifetime,
    ILogger<ModelDistributionService> logger) : ModelDistribution.ModelDistributionBase
{
    public override async Task WatchModels(WatchModelsRequest request, IServerStreamWriter<ModelChunk> responseStream, ServerCallContext context)
    {
        var client = string.IsNullOrEmpty(request.ClientId) ? context.Peer : request.ClientId;
        if (request.FeatureSchemaVersion != 0 && request.FeatureSchemaVersion != FeatureSchema.Version)
        {
            // The subscriber's verifier will refuse our packages; say so here, where the operator looks for it.
            LogSchemaMismatch(logger, client, request.FeatureSchemaVersion, FeatureSchema.Version);
        }

        using var subscription = feed.Subscribe();
        LogSubscribed(logger, client, subscription.Initial?.Version ?? "none", request.KnownVersion);
        // A watch lasts until the client leaves or the trainer stops: ending it at shutdown lets Kestrel stop at once, and the
        // client reconnects (to this trainer restarted, or another) as it would after any disconnect.
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var cancellationToken = watch.Token;
        try
        {
            var sent = request.KnownVersion;
            if (subscription.Initial is { } initial && initial.Version != sent)
            {
                await SendAsync(initial, responseStream, cancellationToken);
                sent = initial.Version;
            }

            await foreach (var package in subscription.Updates.ReadAllAsync(cancellationToken))
            {
                if (package.Version == sent)
                {
                    continue;
                }

                await SendAsync(package, responseStream, cancellationToken);
                sent = package.Version;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: the normal end of a watch.
        }
        finally
        {
            LogUnsubscribed(logger, client);
        }
    }

    public override async Task GetModel(GetModelRequest request, IServerStreamWriter<ModelChunk> responseStream, ServerCallContext context)
    {
        ModelPackage? package;
        try
        {
            package = string.IsNullOrEmpty(request.Version) ? registry.Promoted : registry.Find(request.Version);
        }
        catch (InvalidModelPackageException ex)
        {
            throw new RpcException(new Status(StatusCode.DataLoss, ex.Message));
        }

        if (package is null)
        {
            throw new RpcException(new Status(StatusCode.NotFound, string.IsNullOrEmpty(request.Version)
                ? "No model is promoted yet: train one first (POST /train on the trainer)."
                : $"Model {request.Version} is not in the registry."));
        }

        await SendAsync(package, responseStream, context.CancellationToken);
    }

    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var promoted = registry.PromotedVersion;
        var response = new ListModelsResponse { CurrentVersion = promoted ?? "" };
        foreach (var model in registry.Models)
        {
            response.Models.Add(new ModelSummary
            {
                Version = model.Version,
                MetadataJson = JsonSerializer.Serialize(model.Metadata, PipelineJsonContext.Default.ModelMetadata),
                IsCurrent = model.Version == promoted,
                SizeBytes = model.SizeBytes,
            });
        }

        return Task.FromResult(response);
    }

    private static async Task SendAsync(ModelPackage package, IServerStreamWriter<ModelChunk> stream, CancellationToken cancellationToken)
    {
        foreach (var chunk in ModelChunker.Split(package))
        {
            await stream.WriteAsync(chunk, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model watcher {Client} connected (promoted {Promoted}, client has {Known})")]
    private static partial void LogSubscribed(ILogger logger, string client, string promoted, string known);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model watcher {Client} disconnected")]
    private static partial void LogUnsubscribed(ILogger logger, string client);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model watcher {Client} computes feature schema {ClientSchema}, this trainer's models use {Schema}")]
    private static partial void LogSchemaMismatch(ILogger logger, string client, int clientSchema, int schema);
}
