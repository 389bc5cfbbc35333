using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using KappaAspire.ServiceDefaults.Kafka;
using OpenTelemetry;

namespace KappaAspire.ServiceDefaults.Tests;

[Collection(ActivityListeningCollection.Name)]
public sealed class KafkaTelemetryTests
{
    private static Message<string, string> Reading() => new() { Key = "sensor-7", Value = "{\"temperature\":21.5}" };

    private static ConsumeResult<string, string> Consumed(string topic, Message<string, string> message) => new()
    {
        Topic = topic,
        Partition = new Partition(3),
        Offset = new Offset(1234),
        Message = message,
    };

    private static string[] HeaderValues(Message<string, string> message, string key) =>
        [.. (message.Headers ?? []).Where(h => h.Key == key).Select(h => Encoding.UTF8.GetString(h.GetValueBytes()))];

    [Fact]
    public void Process_span_is_a_child_of_the_publish_span_carried_in_the_headers()
    {
        using var recorder = new ActivityRecorder();
        var message = Reading();

        var publish = KafkaTelemetry.StartPublish("iot_raw_data", message);
        publish!.Stop();
        using var process = KafkaTelemetry.StartProcess(Consumed("iot_raw_data", message), consumerGroup: "inference");

        Assert.NotNull(process);
        Assert.Equal(publish.TraceId, process.TraceId);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal("iot_raw_data process", process.DisplayName);
        Assert.Equal("kafka", process.GetTagItem("messaging.system"));
        Assert.Equal("iot_raw_data", process.GetTagItem("messaging.destination.name"));
        Assert.Equal("3", process.GetTagItem("messaging.destination.partition.id"));
        Assert.Equal(1234L, process.GetTagItem("messaging.kafka.offset"));
        Assert.Equal("inference", process.GetTagItem("messaging.consumer.group.name"));
        Assert.Equal("process", process.GetTagItem("messaging.operation.name"));
    }

    [Fact]
    public void Publish_span_is_a_producer_span_named_after_the_topic_with_messaging_tags()
    {
        using var recorder = new ActivityRecorder();
        using var parent = new Activity("request").Start();
        var message = Reading();

        using var publish = KafkaTelemetry.StartPublish("iot_raw_data", message);

        Assert.NotNull(publish);
        Assert.Equal("iot_raw_data publish", publish.DisplayName);
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Equal(parent.SpanId, publish.ParentSpanId);
        Assert.Equal("kafka", publish.GetTagItem("messaging.system"));
        Assert.Equal("iot_raw_data", publish.GetTagItem("messaging.destination.name"));
        Assert.Equal("publish", publish.GetTagItem("messaging.operation.name"));
        Assert.Equal("sensor-7", publish.GetTagItem("messaging.kafka.message.key"));
        Assert.Equal([$"00-{publish.TraceId}-{publish.SpanId}-01"], HeaderValues(message, "traceparent"));
    }

    [Fact]
    public void Republishing_a_message_replaces_its_trace_headers_instead_of_adding_more()
    {
        using var recorder = new ActivityRecorder();
        var message = Reading();
        message.Headers = new Headers
        {
            { "traceparent", Encoding.UTF8.GetBytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01") },
            { "traceparent", Encoding.UTF8.GetBytes("00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01") },
            { "tracestate", Encoding.UTF8.GetBytes("vendor=stale") },
            { "kappa-truth", Encoding.UTF8.GetBytes("anomaly") },
        };

        using (KafkaTelemetry.StartPublish("iot_raw_data", message)) { }
        using var second = KafkaTelemetry.StartPublish("iot_raw_data.dlq", message);

        Assert.Equal([$"00-{second!.TraceId}-{second.SpanId}-01"], HeaderValues(message, "traceparent"));
        Assert.Empty(HeaderValues(message, "tracestate"));
        Assert.Equal(["anomaly"], HeaderValues(message, "kappa-truth"));
    }

    [Fact]
    public void Baggage_travels_with_the_message()
    {
        using var recorder = new ActivityRecorder();
        var message = Reading();
        Baggage.Current = Baggage.Create(new Dictionary<string, string> { ["replay"] = "true" });

        using (KafkaTelemetry.StartPublish("iot_raw_data", message)) { }
        Baggage.Current = default;
        using var process = KafkaTelemetry.StartProcess(Consumed("iot_raw_data", message));

        Assert.Equal("true", Baggage.GetBaggage("replay"));
        Baggage.Current = default;
    }

    [Fact]
    public void Activity_name_can_be_chosen_and_a_message_without_headers_starts_a_new_trace()
    {
        using var recorder = new ActivityRecorder();

        using var process = KafkaTelemetry.StartProcess(Consumed("iot_raw_data", Reading()), activityName: "score reading");

        Assert.NotNull(process);
        Assert.Equal("score reading", process.DisplayName);
        Assert.Equal(default, process.ParentSpanId);
    }

    [Fact]
    public void Without_listeners_nothing_starts_and_headers_stay_untouched()
    {
        var message = Reading();

        var publish = KafkaTelemetry.StartPublish("iot_raw_data", message);
        var process = KafkaTelemetry.StartProcess(Consumed("iot_raw_data", message));

        Assert.Null(publish);
        Assert.Null(process);
        Assert.Null(message.Headers);
    }

    [Fact]
    public void Without_listeners_the_ambient_trace_is_still_propagated()
    {
        using var ambient = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        var message = Reading();

        var publish = KafkaTelemetry.StartPublish("iot_raw_data", message);

        Assert.Null(publish);
        Assert.Equal([$"00-{ambient.TraceId}-{ambient.SpanId}-00"], HeaderValues(message, "traceparent"));
    }
}
