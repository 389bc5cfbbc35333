using System.Text.Json.Serialization;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Pipeline.Contracts;

/// <summary>
/// Source-generated JSON for every message and document the pipeline exchanges (camelCase, no reflection).
/// Use e.g. <c>JsonSerializer.SerializeToUtf8Bytes(reading, PipelineJsonContext.Default.SensorReading)</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SensorReading))]
[JsonSerializable(typeof(Prediction))]
[JsonSerializable(typeof(ModelMetadata))]
[JsonSerializable(typeof(EvaluationMetrics))]
[JsonSerializable(typeof(ReprocessingRun))]
public sealed partial class PipelineJsonContext : JsonSerializerContext;
