using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Trainer.Api;
using Microsoft.Extensions.Options;

namespace KappaAspire.Trainer.Services;

/// <summary>
/// Replays the raw-data log from its earliest offset up to the high watermarks taken when the run starts, building
/// training examples with the shared feature code in log order per partition. Uses assign + seek only: no consumer-group
/// position is read or committed, so the trainer never disturbs, nor depends on, anyone's offsets.
/// </summary>
/// <remarks>
/// One thread consumes and hands records, in batches, to one <see cref="ReplayWorker"/> per core; each partition belongs to
/// one worker, which keeps its order. Not thread-safe: the coordinator runs one replay at a time.
/// </remarks>
internal sealed partial class LogReplayer(
    IConsumer<Ignore, byte[]> consumer,
    IOptions<TrainerOptions> options,
    ILogger<LogReplayer> logger)
{
    private const int BatchSize = 2048;
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Takes the partitions of the topic and their watermarks now; a missing topic gives an empty plan.</summary>
    public ReplayPlan Plan()
    {
        var topic = options.Value.Topic;
        var timeout = options.Value.MetadataTimeout;
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, timeout).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.Code == ErrorCode.UnknownTopicOrPart)
        {
            LogNoTopic(logger, topic);
            return new ReplayPlan(topic, []);
        }

        if (metadata.Error.IsError)
        {
            throw new KafkaException(metadata.Error);
        }

        var watermarks = metadata.Partitions
            .Select(p => p.PartitionId)
            .Order()
            .Select(p =>
            {
                var offsets = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), timeout);
                return new PartitionWatermark(p, offsets.Low.Value, offsets.High.Value);
            })
            .ToArray();
        return new ReplayPlan(topic, watermarks);
    }

    /// <summary>Reads every record below the plan's watermarks. Blocking: call on a dedicated thread.</summary>
    public ReplayResult Replay(ReplayPlan plan, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var active = plan.Watermarks.Where(w => w.High > w.Low).ToArray();
        var workers = new ReplayWorker[Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, active.Length))];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = new ReplayWorker();
        }

        // Partitions are dealt round-robin to the workers; a partition's cursor batches its records for its worker.
        var cursors = new PartitionCursor?[plan.Watermarks.Count == 0 ? 0 : plan.Watermarks.Max(w => w.Partition) + 1];
        foreach (var (w, i) in active.Select((w, i) => (w, i)))
        {
            cursors[w.Partition] = new PartitionCursor(w.Partition, w.High, workers[i % workers.Length], BatchSize);
        }

        long records;
        try
        {
            records = ReadAll(plan.Topic, active, cursors, workers, cancellationToken);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }

        return Result(plan, cursors, workers, records, stopwatch.Elapsed);
    }

    /// <summary>Runs the workers, feeds them every record of the active partitions, and waits until they have processed all.</summary>
    private long ReadAll(string topic, PartitionWatermark[] active, PartitionCursor?[] cursors, ReplayWorker[] workers, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = workers.Select(worker => Task.Factory.StartNew(
            () =>
            {
                try
                {
                    worker.Run(failed.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed.Cancel(); // unblock the consume loop, which may be waiting for room in this worker's queue
                    throw;
                }
            },
            failed.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        long records = 0;
        try
        {
            if (active.Length > 0)
            {
                consumer.Assign(active.Select(w => new TopicPartitionOffset(topic, w.Partition, w.Low)));
                records = Consume(topic, cursors, active.Length, failed.Token, tasks);
            }

            foreach (var cursor in cursors.OfType<PartitionCursor>())
            {
                cursor.Flush();
            }

            foreach (var worker in workers)
            {
                worker.Queue.CompleteAdding();
            }

            Task.WaitAll(tasks, cancellationToken);
            return records;
        }
        catch (Exception ex)
        {
            failed.Cancel();
            try
            {
                Task.WaitAll(tasks, CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Reported below, or superseded by the exception that stopped the loop.
            }

            // A worker's failure cancels the loop; report the failure, not the cancellation it caused.
            if ((ex is AggregateException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                && tasks.FirstOrDefault(t => t.IsFaulted)?.Exception?.InnerException is { } workerError)
            {
                ExceptionDispatchInfo.Throw(workerError);
            }

            throw;
        }
        finally
        {
            // Pausing sticks to the partition in librdkafka even across assignments: resume, or the next replay would hang.
            consumer.Resume(active.Select(w => new TopicPartition(topic, w.Partition)));
            consumer.Unassign();
        }
    }

    /// <summary>The examples in partition order (each in log order), the offsets read, and the counts; logs the run.</summary>
    private ReplayResult Result(ReplayPlan plan, PartitionCursor?[] cursors, ReplayWorker[] workers, long records, TimeSpan duration)
    {
        var read = cursors.OfType<PartitionCursor>().ToList();
        var examples = new List<LabeledExample>(read.Sum(c => c.Worker.ExamplesOf(c.Partition)?.Count ?? 0));
        foreach (var cursor in read)
        {
            examples.AddRange(cursor.Worker.ExamplesOf(cursor.Partition) ?? []);
        }

        var ranges = read
            .Where(c => c.First >= 0)
            .Select(c => new OffsetRange(c.Partition, c.First, c.Last))
            .ToArray();
        var invalid = workers.Sum(w => w.InvalidRecords);
        var replay = new ReplayResult(plan, examples, ranges, records, workers.Sum(w => w.Readings), invalid, workers.Sum(w => w.LabeledReadings), duration);
        if (invalid > 0)
        {
            LogInvalid(logger, invalid, workers.Select(w => w.FirstError).First(e => e is not null)!);
        }

        LogReplayed(logger, plan.Topic, records, ranges.Length, replay.WarmReadings, replay.Duration.TotalSeconds, replay.ReadingsPerSecond);
        return replay;
    }

    private long Consume(string topic, PartitionCursor?[] cursors, int remaining, CancellationToken cancellationToken, Task[] workers)
    {
        long records = 0;
        var lastProgress = Stopwatch.GetTimestamp();
        while (remaining > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(PollTimeout);
            if (result is null)
            {
                if (Array.Find(workers, t => t.IsFaulted) is { } faulted)
                {
                    faulted.GetAwaiter().GetResult();
                }

                if (Stopwatch.GetElapsedTime(lastProgress) > options.Value.ReplayStallTimeout)
                {
                    throw new TimeoutException(
                        $"Replay of {topic} stalled: nothing received for {options.Value.ReplayStallTimeout.TotalSeconds:F0} s with {remaining} partitions below their start watermarks.");
                }

                continue;
            }

            lastProgress = Stopwatch.GetTimestamp();
            var partition = result.Partition.Value;
            if ((uint)partition >= (uint)cursors.Length || cursors[partition] is not { Done: false } cursor)
            {
                continue; // fetched before the partition was paused
            }

            var offset = result.Offset.Value;
            // End of partition before the watermark: the rest was deleted (retention) since the plan.
            if (result.IsPartitionEOF || offset >= cursor.End)
            {
                remaining -= Finish(topic, cursor, cancellationToken);
                continue;
            }

            records++;
            var headers = result.Message.Headers;
            var truth = headers is not null && headers.TryGetLastBytes(PipelineHeaders.Truth, out var bytes) ? bytes : null;
            cursor.Add(new ReplayRecord(partition, offset, result.Message.Timestamp.RecordTime(), result.Message.Value, truth), cancellationToken);
            if (offset >= cursor.End - 1)
            {
                remaining -= Finish(topic, cursor, cancellationToken);
            }
        }

        return records;
    }

    private int Finish(string topic, PartitionCursor cursor, CancellationToken cancellationToken)
    {
        cursor.Done = true;
        consumer.Pause([new TopicPartition(topic, cursor.Partition)]);
        cursor.Flush(cancellationToken);
        return 1;
    }

    /// <summary>The consume loop's view of one partition: how far it got, and the batch being filled for its worker.</summary>
    private sealed class PartitionCursor(int partition, long end, ReplayWorker worker, int batchSize)
    {
        private ReplayRecord[] _batch = ReplayWorker.RentBatch(batchSize);
        private int _count;

        public int Partition { get; } = partition;

        /// <summary>The high watermark at plan time: offsets from here on were written after the run started.</summary>
        public long End { get; } = end;

        public ReplayWorker Worker { get; } = worker;

        public long First { get; private set; } = -1;

        public long Last { get; private set; } = -1;

        public bool Done { get; set; }

        public void Add(in ReplayRecord record, CancellationToken cancellationToken)
        {
            if (First < 0)
            {
                First = record.Offset;
            }

            Last = record.Offset;
            _batch[_count++] = record;
            if (_count == _batch.Length)
            {
                Flush(cancellationToken);
            }
        }

        public void Flush(CancellationToken cancellationToken = default)
        {
            if (_count == 0)
            {
                return;
            }

            Worker.Queue.Add(new ArraySegment<ReplayRecord>(_batch, 0, _count), cancellationToken);
            _batch = ReplayWorker.RentBatch(batchSize);
            _count = 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic {Topic} does not exist yet: nothing to replay")]
    private static partial void LogNoTopic(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay skipped {Count} invalid records (inference dead-letters them); first: {FirstError}")]
    private static partial void LogInvalid(ILogger logger, long count, string firstError);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Records} records of {Topic} from {Partitions} partitions: {Warm} warm readings in {Seconds:F2} s ({Rate:F0} readings/s)")]
    private static partial void LogReplayed(ILogger logger, string topic, long records, int partitions, long warm, double seconds, double rate);
}
