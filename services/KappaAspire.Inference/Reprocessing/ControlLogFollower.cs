using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Inference.Reprocessing;

/// <summary>
/// Follows the control log from its first record and folds it into <see cref="Runs"/>. Assign-only: every reprocessor
/// reads the whole log; none joins a group or commits.
/// </summary>
internal sealed partial class ControlLogFollower : IDisposable
{
    private readonly IConsumer<Ignore, byte[]> _consumer;
    private readonly ILogger _logger;
    private readonly string _topic;
    private string? _lastProblem;

    public ControlLogFollower(string bootstrapServers, string topic, ILogger logger)
    {
        _topic = topic;
        _logger = logger;
        _consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"reprocessor-control-{Environment.MachineName}",
            EnableAutoCommit = false,
            ClientId = $"reprocessor-control-{Environment.MachineName}",
            // Decisions are rare: a short long-poll keeps retirement and cut-over prompt.
            FetchWaitMaxMs = 200,
        }).Build();
        _consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
    }

    public ReprocessingRuns Runs { get; } = new();

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
                Runs.Apply(value);
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

    [LoggerMessage(EventId = 61, Level = LogLevel.Warning, Message = "Skipped {Topic}@{Offset}, not a reprocessing run: {Problem}")]
    private static partial void LogBadRecord(ILogger logger, string topic, long offset, string problem);
}
