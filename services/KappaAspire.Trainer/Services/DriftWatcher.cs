using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Model.Monitoring;
using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Registry;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Services;

/// <summary>
/// Reads <c>iot_predictions</c> from the latest offset (consumer group <c>kappa-trainer-drift</c>, never committed) and
/// keeps a <see cref="LiveQualityMonitor"/> of the serving model's own predictions against its score reference. Every
/// <c>Trainer:DriftCheckInterval</c> it asks <see cref="DriftTrigger"/> whether they drifted, and if so starts a
/// <see cref="TrainingTrigger.Drift"/> run whose reason says by how much. The decision rests on the log, as training does:
/// no call to inference. A newly promoted model starts with an empty window; predictions of any other model are ignored.
/// </summary>
internal sealed partial class DriftWatcher(
    IConsumer<string, byte[]> consumer,
    TrainingCoordinator coordinator,
    ModelRegistry registry,
    IOptions<TrainerOptions> options,
    TimeProvider time,
    ILogger<DriftWatcher> logger) : BackgroundService
{
    public const string GroupId = "kappa-trainer-drift";

    // Short enough to stop promptly and check on time while the topic is quiet.
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);

    private readonly TrainerOptions _options = options.Value;
    private readonly DriftTrigger _trigger = DriftTrigger.From(options.Value);
    private DriftCheck? _last;
    private LiveQualityMonitor? _monitor;
    private string? _monitored;
    private DateTimeOffset? _lastDriftRun;

    /// <summary>The last check made, for <c>GET /training</c>; null before the first.</summary>
    public DriftCheck? LastCheck => Volatile.Read(ref _last);

    // Consume blocks; a dedicated thread keeps it off the thread pool.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _trigger.Enabled
        ? Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
        : Task.CompletedTask;

    private void Run(CancellationToken stoppingToken)
    {
        consumer.Subscribe(_options.PredictionsTopic);
        var nextCheck = time.GetUtcNow() + _options.DriftCheckInterval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (consumer.Consume(PollTimeout) is { IsPartitionEOF: false, Message.Value: { } value })
                    {
                        Add(value);
                    }
                }
                catch (ConsumeException ex) when (!ex.Error.IsFatal)
                {
                    // E.g. the topic does not exist yet: librdkafka keeps looking for it.
                    LogConsumeFailed(logger, _options.PredictionsTopic, ex.Error.Reason);
                }

                if (time.GetUtcNow() >= nextCheck)
                {
                    Check();
                    nextCheck = time.GetUtcNow() + _options.DriftCheckInterval;
                }
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    private void Add(byte[] value)
    {
        if (registry.Promoted is not { } serving || !TryRead(value, out var prediction) || prediction.ModelVersion != serving.Version)
        {
            return;
        }

        if (_monitored != serving.Version)
        {
            _monitor = new LiveQualityMonitor(serving.Metadata.ScoreReference, _options.DriftWindow, _options.DriftMinimumReadings);
            _monitored = serving.Version;
        }

        _monitor!.Add(prediction);
    }

    private void Check()
    {
        if (_monitor is not { } monitor || _monitored is not { } version || version != registry.PromotedVersion)
        {
            return;
        }

        var now = time.GetUtcNow();
        var check = _trigger.Decide(version, monitor.Snapshot(), _lastDriftRun, now);
        Volatile.Write(ref _last, check);
        // A run already in progress replays the same log: it answers this drift too.
        if (check.Retrain && coordinator.TryStart(TrainingTrigger.Drift, check.Reason, out _))
        {
            _lastDriftRun = now;
            LogDrift(logger, check.Reason);
        }
    }

    private static bool TryRead(byte[] value, out Prediction prediction)
    {
        try
        {
            prediction = JsonSerializer.Deserialize(value, PipelineJsonContext.Default.Prediction)!;
            return prediction is { SensorId: not null, ModelVersion: not null };
        }
        catch (JsonException)
        {
            prediction = null!;
            return false; // not a prediction: the viewer counts and shows such records; drift has nothing to learn from it
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retraining on drift: {Reason}")]
    private static partial void LogDrift(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading {Topic} for drift: {Reason}")]
    private static partial void LogConsumeFailed(ILogger logger, string topic, string reason);
}
