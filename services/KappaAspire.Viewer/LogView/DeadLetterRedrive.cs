using System.Text;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.ServiceDefaults.Kafka;

namespace KappaAspire.Viewer.LogView;

/// <summary>
/// Re-drives dead letters after a fix: each chosen record of the dead-letter topic is written again to the topic it was
/// dead-lettered from, with its key, value and original headers, without the dead-letter headers, and with
/// <see cref="PipelineHeaders.RedrivenFrom"/> saying where it came from. Nothing is deleted: the dead letter stays, and
/// its offset in that header is the audit trail.
/// </summary>
internal sealed class DeadLetterRedrive : IDisposable
{
    public const int MaxRecords = 100;
    private readonly IProducer<byte[]?, byte[]?> _producer;
    private readonly RecordBrowser _browser;
    private readonly ILogger<DeadLetterRedrive> _logger;

    public DeadLetterRedrive(IConfiguration configuration, RecordBrowser browser, ILogger<DeadLetterRedrive> logger)
    {
        _browser = browser;
        _logger = logger;
        // A re-drive is a decision: written once (idempotent) and acknowledged by every in-sync replica.
        _producer = new ProducerBuilder<byte[]?, byte[]?>(KafkaConnection.Apply(configuration, new ProducerConfig
        {
            Acks = Acks.All, EnableIdempotence = true, ClientId = "viewer-redrive",
        })).Build();
    }

    public async Task<IReadOnlyList<RedriveOutcome>> RedriveAsync(string deadLetterTopic, int partition, IReadOnlyList<long> offsets, CancellationToken cancellationToken)
    {
        var outcomes = new List<RedriveOutcome>();
        foreach (var offset in offsets.Distinct())
        {
            var dead = await Task.Run(() => _browser.ReadOne(deadLetterTopic, partition, offset), cancellationToken);
            if (dead is null)
            {
                outcomes.Add(new RedriveOutcome(offset, RedriveOutcome.NotFound, null, null, null));
                continue;
            }

            var source = dead.Headers is { } h && h.TryGetLastBytes(PipelineHeaders.SourceTopic, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
            if (string.IsNullOrEmpty(source))
            {
                outcomes.Add(new RedriveOutcome(offset, RedriveOutcome.NoSource, null, null, null));
                continue;
            }

            var headers = new Headers();
            foreach (var header in dead.Headers!.Where(x => !PipelineHeaders.IsDeadLetterHeader(x.Key)))
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
            headers.Add(PipelineHeaders.RedrivenFrom, Encoding.UTF8.GetBytes($"{deadLetterTopic}/{partition}/{offset}"));
            var written = await _producer.ProduceAsync(source, new Message<byte[]?, byte[]?> { Key = dead.Key, Value = dead.Value, Headers = headers }, cancellationToken);
            _logger.LogInformation("Re-drove {DeadLetterTopic}/{Partition}/{Offset} to {Topic}-{TargetPartition}@{TargetOffset}",
                deadLetterTopic, partition, offset, written.Topic, written.Partition.Value, written.Offset.Value);
            outcomes.Add(new RedriveOutcome(offset, RedriveOutcome.Redriven, written.Topic, written.Partition.Value, written.Offset.Value));
        }
        return outcomes;
    }

    public void Dispose() => _producer.Dispose();
}
