using System.Diagnostics;
using Confluent.Kafka;
using KappaAspire.ServiceDefaults.Kafka;
using Conventions = KappaAspire.ServiceDefaults.Kafka.KafkaTelemetry.SemanticConventions;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Produce and process Kafka messages inside <c>KappaAspire.Kafka</c> spans, with W3C trace context carried in
/// message headers and durations recorded on the <c>KappaAspire.Kafka</c> meter.
/// </summary>
/// <remarks>
/// Clients registered with <c>DisableTracing</c> or <c>DisableMetrics</c> skip the corresponding part; without
/// listeners the helpers cost a flag check.
/// </remarks>
public static class KafkaTracingExtensions
{
    /// <summary>
    /// Produces <paramref name="message"/> inside a <c>{topic} publish</c> span whose context travels in the message
    /// headers, records <c>messaging.client.operation.duration</c>, and marks the span as failed if delivery fails.
    /// </summary>
    /// <returns>The delivery result (partition and offset are also tagged on the span).</returns>
    /// <exception cref="ProduceException{TKey, TValue}">Delivery failed, as from <see cref="IProducer{TKey, TValue}.ProduceAsync(string, Message{TKey, TValue}, CancellationToken)"/>.</exception>
    public static async Task<DeliveryResult<TKey, TValue>> ProduceTracedAsync<TKey, TValue>(
        this IProducer<TKey, TValue> producer,
        string topic,
        Message<TKey, TValue> message,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(producer);
        var options = KafkaClientRegistry.Get(producer);
        using var activity = options.TracingEnabled ? KafkaTelemetry.StartPublish(topic, message) : null;
        var started = StartTiming(options.MetricsEnabled, KafkaTelemetry.PublishDuration.Enabled);
        try
        {
            var result = await producer.ProduceAsync(topic, message, cancellationToken).ConfigureAwait(false);
            TagDelivery(activity, result.TopicPartitionOffset);
            RecordPublish(started, topic, errorType: null);
            return result;
        }
        catch (Exception ex)
        {
            MarkFailed(activity, ex);
            RecordPublish(started, topic, ErrorType(ex));
            throw;
        }
    }

    /// <summary>
    /// The high-throughput form of <see cref="ProduceTracedAsync{TKey, TValue}"/>: enqueues <paramref name="message"/>
    /// without awaiting, and ends the <c>{topic} publish</c> span when the delivery report arrives.
    /// </summary>
    /// <param name="producer">The producer.</param>
    /// <param name="topic">Destination topic.</param>
    /// <param name="message">The message; its trace headers are replaced.</param>
    /// <param name="deliveryHandler">Called with the delivery report after the span ended (on librdkafka's poll thread).</param>
    public static void ProduceTraced<TKey, TValue>(
        this IProducer<TKey, TValue> producer,
        string topic,
        Message<TKey, TValue> message,
        Action<DeliveryReport<TKey, TValue>>? deliveryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(producer);
        var options = KafkaClientRegistry.Get(producer);
        var parent = Activity.Current;
        var activity = options.TracingEnabled ? KafkaTelemetry.StartPublish(topic, message) : null;

        // The span ends on another thread; the caller's next message must not become its child.
        Activity.Current = parent;

        var started = StartTiming(options.MetricsEnabled, KafkaTelemetry.PublishDuration.Enabled);
        if (activity is null && started == 0)
        {
            producer.Produce(topic, message, deliveryHandler);
            return;
        }

        try
        {
            producer.Produce(topic, message, report =>
            {
                if (report.Error.IsError)
                {
                    MarkFailed(activity, new ProduceException<TKey, TValue>(report.Error, report));
                    RecordPublish(started, topic, report.Error.Code.ToString());
                }
                else
                {
                    TagDelivery(activity, report.TopicPartitionOffset);
                    RecordPublish(started, topic, errorType: null);
                }
                EndOnPollThread(activity);
                deliveryHandler?.Invoke(report);
            });
        }
        catch (Exception ex)
        {
            MarkFailed(activity, ex);
            RecordPublish(started, topic, ErrorType(ex));
            activity?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the <c>{topic} process</c> span for a consumed message as a child of the publish span in its headers,
    /// tagged with this consumer's group; dispose it when processing ends.
    /// </summary>
    /// <param name="consumer">The consumer that returned <paramref name="result"/>.</param>
    /// <param name="result">The consumed message.</param>
    /// <param name="activityName">Span name; <see langword="null"/> for <c>{topic} process</c>.</param>
    /// <returns>The span, or <see langword="null"/> when tracing is disabled or no one listens.</returns>
    public static Activity? StartProcessActivity<TKey, TValue>(
        this IConsumer<TKey, TValue> consumer, ConsumeResult<TKey, TValue> result, string? activityName = null)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var options = KafkaClientRegistry.Get(consumer);
        return options.TracingEnabled ? KafkaTelemetry.StartProcess(result, activityName, options.ConsumerGroup) : null;
    }

    /// <summary>
    /// Starts the <c>{topic} process</c> span for a consumed message as a child of the publish span in its headers.
    /// Prefer the <see cref="IConsumer{TKey, TValue}"/> overload, which knows the consumer group and settings.
    /// </summary>
    /// <param name="result">The consumed message.</param>
    /// <param name="consumerGroup">Tagged as <c>messaging.consumer.group.name</c> when given.</param>
    /// <param name="activityName">Span name; <see langword="null"/> for <c>{topic} process</c>.</param>
    public static Activity? StartProcessActivity<TKey, TValue>(
        this ConsumeResult<TKey, TValue> result, string? consumerGroup = null, string? activityName = null)
        => KafkaTelemetry.StartProcess(result, activityName, consumerGroup);

    /// <summary>
    /// Runs <paramref name="process"/> for a consumed message inside its <c>{topic} process</c> span, records
    /// <c>messaging.process.duration</c>, and marks the span as failed if <paramref name="process"/> throws.
    /// </summary>
    /// <param name="consumer">The consumer that returned <paramref name="result"/>.</param>
    /// <param name="result">The consumed message.</param>
    /// <param name="process">The work to do; its exceptions propagate.</param>
    /// <param name="cancellationToken">Passed to <paramref name="process"/>.</param>
    public static async Task ProcessTracedAsync<TKey, TValue>(
        this IConsumer<TKey, TValue> consumer,
        ConsumeResult<TKey, TValue> result,
        Func<ConsumeResult<TKey, TValue>, CancellationToken, Task> process,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(process);

        var options = KafkaClientRegistry.Get(consumer);
        using var activity = options.TracingEnabled ? KafkaTelemetry.StartProcess(result, null, options.ConsumerGroup) : null;
        var started = Stopwatch.GetTimestamp();
        string? errorType = null;
        try
        {
            await process(result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            MarkFailed(activity, ex);
            errorType = ErrorType(ex);
            throw;
        }
        finally
        {
            consumer.RecordProcessDuration(result, started, errorType);
        }
    }

    /// <summary>
    /// Records <c>messaging.process.duration</c> for a message whose processing began at <paramref name="startedTimestamp"/>
    /// (<see cref="Stopwatch.GetTimestamp"/>): for a loop that processes synchronously inside
    /// <see cref="StartProcessActivity{TKey, TValue}(IConsumer{TKey, TValue}, ConsumeResult{TKey, TValue}, string?)"/>.
    /// </summary>
    /// <param name="consumer">The consumer that returned <paramref name="result"/> (its group is a tag; its settings may disable metrics).</param>
    /// <param name="result">The processed message.</param>
    /// <param name="startedTimestamp">When processing began.</param>
    /// <param name="errorType">Tagged as <c>error.type</c> when processing failed (e.g. the message was dead-lettered).</param>
    public static void RecordProcessDuration<TKey, TValue>(
        this IConsumer<TKey, TValue> consumer, ConsumeResult<TKey, TValue> result, long startedTimestamp, string? errorType = null)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(result);
        var options = KafkaClientRegistry.Get(consumer);
        if (!options.MetricsEnabled || !KafkaTelemetry.ProcessDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { Conventions.System, Conventions.Kafka },
            { Conventions.DestinationName, result.Topic },
            { Conventions.OperationName, Conventions.Process },
        };
        if (options.ConsumerGroup is not null)
        {
            tags.Add(Conventions.ConsumerGroup, options.ConsumerGroup);
        }
        if (errorType is not null)
        {
            tags.Add(Conventions.ErrorType, errorType);
        }
        KafkaTelemetry.ProcessDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }

    private static void EndOnPollThread(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        // Stopping makes the span's predecessor current on this thread, librdkafka's poll thread; put back what was
        // there so later callbacks do not inherit some caller's span.
        var current = Activity.Current;
        activity.Dispose();
        Activity.Current = current;
    }

    // 0 means "not timing": skips the clock read and tag building when no one collects the histogram.
    private static long StartTiming(bool metricsEnabled, bool instrumentEnabled) =>
        metricsEnabled && instrumentEnabled ? Stopwatch.GetTimestamp() : 0;

    private static void RecordPublish(long started, string topic, string? errorType)
    {
        if (started == 0)
        {
            return;
        }

        var tags = new TagList
        {
            { Conventions.System, Conventions.Kafka },
            { Conventions.DestinationName, topic },
            { Conventions.OperationName, Conventions.Publish },
        };
        if (errorType is not null)
        {
            tags.Add(Conventions.ErrorType, errorType);
        }
        KafkaTelemetry.PublishDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    private static void TagDelivery(Activity? activity, TopicPartitionOffset delivered)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Conventions.PartitionId, KafkaTelemetry.PartitionId(delivered.Partition.Value));
            activity.SetTag(Conventions.Offset, delivered.Offset.Value);
        }
    }

    private static void MarkFailed(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag(Conventions.ErrorType, ErrorType(exception));
        activity.AddException(exception);
    }

    private static string ErrorType(Exception exception) => exception switch
    {
        KafkaException kafka => kafka.Error.Code.ToString(),
        _ => exception.GetType().FullName ?? exception.GetType().Name,
    };
}
