using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>
/// Follows a one-partition control log (e.g. <c>iot_reprocessing</c>) from its first record and hands each value to
/// <c>apply</c>, which folds it into the caller's state. Assign-only: every follower reads the whole log; none joins a
/// group or commits. A value <c>apply</c> rejects with a <see cref="JsonException"/> is logged and skipped.
/// </summary>
public sealed partial class ControlLogFollower : IDisposable
{
    private static readonly TimeSpan FollowPollTimeout = TimeSpan.FromMilliseconds(500);
    private readonly IConsumer<Ignore, byte[]> _consumer;
    private readonly Action<byte[]> _apply;
    private readonly ILogger _logger;
    private readonly string _topic;
    private string? _lastProblem;

    /// <param name="connection">How to reach the cluster (<see cref="KafkaConnection.Apply"/>): bootstrap servers, security.</param>
    /// <param name="clientId">Names the client in the broker's logs and metrics, e.g. <c>reprocessor-control-host</c>.</param>
    public ControlLogFollower(ClientConfig connection, string topic, string clientId, Action<byte[]> apply, ILogger logger)
    {
        _topic = topic;
        _apply = apply;
        _logger = logger;
        _consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig(connection)
        {
            // Required by the client, never joined: partitions are assigned and nothing is committed.
            GroupId = clientId,
            EnableAutoCommit = false,
            ClientId = clientId,
            // Decisions are rare: a short long-poll keeps them prompt.
            FetchWaitMaxMs = 200,
        }).Build();
        _consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
    }

    /// <summary>
    /// Polls on a thread of its own until <paramref name="stoppingToken"/> fires, calling <paramref name="changed"/> after
    /// each poll that folded something in (Consume blocks, so not on the caller's thread).
    /// </summary>
    public Task FollowAsync(Action changed, CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() =>
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (Poll(FollowPollTimeout))
                {
                    changed();
                }
            }
        }, stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Folds in what arrived, waiting up to <paramref name="timeout"/> for the first record; true if anything did.</summary>
    public bool Poll(TimeSpan timeout)
    {
        var changed = false;
        var wait = timeout;
        while (true)
        {
            ConsumeResult<Ignore, byte[]>? result;
            try
            {
                result = _consumer.Consume(wait);
            }
            catch (ConsumeException ex) when (!ex.Error.IsFatal)
            {
                // E.g. the control log does not exist yet (the trainer creates it): keep asking, say so once.
                if (ex.Error.Reason != _lastProblem)
                {
                    _lastProblem = ex.Error.Reason;
                    LogConsumeError(_logger, _topic, ex.Error.Reason);
                }

                return changed;
            }

            if (result?.Message?.Value is not { } value)
            {
                return changed;
            }

            try
            {
                _apply(value);
                changed = true;
            }
            catch (JsonException ex)
            {
                LogBadRecord(_logger, _topic, result.Offset.Value, ex.Message);
            }

            wait = TimeSpan.Zero;
        }
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Reading {Topic}: {Problem}")]
    private static partial void LogConsumeError(ILogger logger, string topic, string problem);

    [LoggerMessage(EventId = 61, Level = LogLevel.Warning, Message = "Skipped {Topic}@{Offset}: {Problem}")]
    private static partial void LogBadRecord(ILogger logger, string topic, long offset, string problem);
}
