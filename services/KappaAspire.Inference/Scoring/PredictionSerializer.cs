using System.Buffers;
using System.Text.Json;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Inference.Scoring;

/// <summary>
/// Serializes predictions with the source-generated contract into one reused buffer and writer, so each record costs
/// exactly one right-sized array (Kafka's message value). Not thread-safe: one per consume loop.
/// </summary>
internal sealed class PredictionSerializer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _writer;

    public PredictionSerializer()
    {
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    public byte[] Serialize(Prediction prediction)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, prediction, PipelineJsonContext.Default.Prediction);
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }
}
