using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Storage;

/// <summary>
/// Per-partition idempotent-producer state: the epoch and the last few batches of every producer, so a
/// retried batch is acknowledged with its original offset instead of being appended twice, and a gap in
/// sequence numbers is refused. Rebuilt from the log on recovery.
/// </summary>
internal sealed class ProducerStateTable
{
    /// <summary>Kafka keeps the last five batches per producer (max.in.flight for idempotence is 5).</summary>
    private const int RetainedBatches = 5;

    private readonly Dictionary<long, ProducerEntry> _producers = [];

    public readonly record struct CheckResult(ErrorCode Error, long DuplicateBaseOffset)
    {
        public bool IsDuplicate => DuplicateBaseOffset >= 0;
    }

    public CheckResult Check(in RecordBatchHeader batch)
    {
        if (batch.ProducerId < 0) return new(ErrorCode.None, -1);
        if (!_producers.TryGetValue(batch.ProducerId, out var entry)) return new(ErrorCode.None, -1);
        if (batch.ProducerEpoch < entry.Epoch) return new(ErrorCode.InvalidProducerEpoch, -1);
        if (batch.ProducerEpoch > entry.Epoch)
            return batch.BaseSequence == 0 ? new(ErrorCode.None, -1) : new(ErrorCode.OutOfOrderSequenceNumber, -1);

        foreach (var recent in entry.Recent)
        {
            if (recent.FirstSequence == batch.BaseSequence && recent.LastSequence == batch.LastSequence)
                return new(ErrorCode.None, recent.BaseOffset);
        }
        var expected = entry.LastSequence == int.MaxValue ? 0 : entry.LastSequence + 1;
        return batch.BaseSequence == expected ? new(ErrorCode.None, -1) : new(ErrorCode.OutOfOrderSequenceNumber, -1);
    }

    /// <summary>Records an appended batch (its base offset already assigned).</summary>
    public void Record(in RecordBatchHeader batch)
    {
        if (batch.ProducerId < 0) return;
        if (!_producers.TryGetValue(batch.ProducerId, out var entry) || batch.ProducerEpoch != entry.Epoch)
        {
            entry = new ProducerEntry(batch.ProducerEpoch);
            _producers[batch.ProducerId] = entry;
        }
        entry.LastSequence = batch.LastSequence;
        entry.Recent.Enqueue(new RecentBatch(batch.BaseSequence, batch.LastSequence, batch.BaseOffset));
        if (entry.Recent.Count > RetainedBatches) entry.Recent.Dequeue();
    }

    private sealed class ProducerEntry(short epoch)
    {
        public short Epoch { get; } = epoch;
        public int LastSequence { get; set; } = -1;
        public Queue<RecentBatch> Recent { get; } = new();
    }

    private readonly record struct RecentBatch(int FirstSequence, int LastSequence, long BaseOffset);
}
