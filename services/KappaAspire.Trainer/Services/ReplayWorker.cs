using System.Buffers;
using System.Collections.Concurrent;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;

namespace KappaAspire.Trainer.Services;

/// <summary>
/// A record as the consume loop hands it over: where it was in the log, its timestamp (what the reading is validated
/// against, as inference does live), its value, and its truth header.
/// </summary>
internal readonly record struct ReplayRecord(int Partition, long Offset, DateTimeOffset? Timestamp, byte[]? Value, byte[]? Truth);

/// <summary>
/// Parses records and extracts features for the partitions it owns, in the order the consume loop hands them over (log order
/// per partition). Each partition has its own <see cref="SensorStateStore"/>: sensors are keyed to partitions, so feature
/// state never crosses them, and several workers can build features in parallel without sharing anything.
/// </summary>
internal sealed class ReplayWorker : IDisposable
{
    private readonly Dictionary<int, PartitionState> _partitions = [];
    private readonly Dictionary<string, string> _sensorIds = new(StringComparer.Ordinal);

    /// <summary>Batches to process; bounded so a slow worker holds the consume loop back instead of buffering the log.</summary>
    public BlockingCollection<ArraySegment<ReplayRecord>> Queue { get; } = new(boundedCapacity: 16);

    public long Readings { get; private set; }

    public long InvalidRecords { get; private set; }

    public long LabeledReadings { get; private set; }

    public string? FirstError { get; private set; }

    /// <summary>Warm examples of one partition, in log order.</summary>
    public List<LabeledExample>? ExamplesOf(int partition) => _partitions.TryGetValue(partition, out var state) ? state.Examples : null;

    /// <summary>
    /// An array for a batch of records, returned by the worker once processed. Pooled: a batch of 2,048 records is past the
    /// large-object threshold, and a fresh one per batch made the collector run full, background collections during replay.
    /// </summary>
    public static ReplayRecord[] RentBatch(int size) => ArrayPool<ReplayRecord>.Shared.Rent(size);

    public void Run(CancellationToken cancellationToken)
    {
        foreach (var batch in Queue.GetConsumingEnumerable(cancellationToken))
        {
            foreach (ref readonly var record in batch.AsSpan())
            {
                Process(record);
            }

            // Cleared, so the pool holds no record values.
            ArrayPool<ReplayRecord>.Shared.Return(batch.Array!, clearArray: true);
        }
    }

    private void Process(in ReplayRecord record)
    {
        SensorReading? reading = null;
        string? error = "no value (tombstone)";
        if (record.Value is null || !ReadingParser.TryParse(record.Value, record.Timestamp, out reading, out error))
        {
            InvalidRecords++;
            FirstError ??= $"partition {record.Partition} offset {record.Offset}: {error}";
            return;
        }

        Readings++;
        if (!_partitions.TryGetValue(record.Partition, out var partition))
        {
            partition = new PartitionState();
            _partitions.Add(record.Partition, partition);
        }

        var features = FeatureExtractor.Extract(partition.Sensors, reading);
        if (!features.IsWarm)
        {
            return; // the split leaves cold-start vectors out anyway; not keeping them saves memory on a long log
        }

        GroundTruth? truth = record.Truth is not null && GroundTruth.TryParse(record.Truth.AsSpan(), out var parsed) ? parsed : null;
        LabeledReadings += truth is null ? 0 : 1;
        partition.Examples.Add(new LabeledExample(Intern(reading.SensorId), reading.Timestamp, features, reading.Power, truth));
    }

    // Examples outlive the replay; one string per sensor instead of one per reading keeps a long log's examples small.
    private string Intern(string id)
    {
        if (!_sensorIds.TryGetValue(id, out var interned))
        {
            _sensorIds.Add(id, id);
            interned = id;
        }

        return interned;
    }

    public void Dispose() => Queue.Dispose();

    private sealed class PartitionState
    {
        public SensorStateStore Sensors { get; } = new();

        public List<LabeledExample> Examples { get; } = [];
    }
}
