using System.Globalization;
using System.Text;
using Confluent.Kafka;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Inference.Scoring;

/// <summary>Builds dead-letter records: the original key and value bytes untouched, plus headers saying what went wrong where.</summary>
internal static class DeadLetters
{
    /// <summary>The <see cref="PipelineHeaders.Service"/> value of this service's dead letters.</summary>
    public const string ServiceName = "inference";

    private static readonly byte[] ServiceNameBytes = Encoding.UTF8.GetBytes(ServiceName);

    /// <remarks>The record gets the current time as timestamp, so the dead-letter topic's retention counts from rejection.</remarks>
    public static Message<byte[], byte[]> Create(ConsumeResult<byte[], byte[]> source, string error)
    {
        var original = source.Message;
        var headers = new Headers();
        if (original.Headers is { } originalHeaders)
        {
            // Keep the producer's headers (ground truth, trace context) but never a previous hop's error headers.
            foreach (var header in originalHeaders)
            {
                if (!PipelineHeaders.IsDeadLetterHeader(header.Key))
                {
                    headers.Add(header.Key, header.GetValueBytes());
                }
            }
        }

        headers.Add(PipelineHeaders.Error, Encoding.UTF8.GetBytes(error));
        headers.Add(PipelineHeaders.SourceTopic, Encoding.UTF8.GetBytes(source.Topic));
        headers.Add(PipelineHeaders.SourcePartition, Encoding.UTF8.GetBytes(source.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(PipelineHeaders.SourceOffset, Encoding.UTF8.GetBytes(source.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(PipelineHeaders.Service, ServiceNameBytes);
        return new Message<byte[], byte[]>
        {
            Key = original.Key,
            Value = original.Value,
            Headers = headers,
        };
    }

    /// <summary>A low-cardinality metric tag from the parser's error category (the text before the first colon).</summary>
    public static string Reason(string error) =>
        error.StartsWith("malformed JSON", StringComparison.Ordinal) ? "malformed_json"
        : error.StartsWith("missing field", StringComparison.Ordinal) ? "missing_field"
        : error.StartsWith("invalid field", StringComparison.Ordinal) ? "invalid_field"
        : error.StartsWith("out of range", StringComparison.Ordinal) ? "out_of_range"
        : "processing_error";
}
