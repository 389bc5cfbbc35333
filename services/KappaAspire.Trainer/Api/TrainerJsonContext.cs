using System.Text.Json.Serialization;
using KappaAspire.Pipeline.Catalog;
using KappaAspire.Trainer.Registry;

namespace KappaAspire.Trainer.Api;

/// <summary>Source-generated JSON of the trainer's HTTP API (camelCase, like the pipeline's messages).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TrainingRunStatus))]
[JsonSerializable(typeof(TrainingOverview))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ReprocessingRequest))]
[JsonSerializable(typeof(ReprocessingOverview))]
[JsonSerializable(typeof(ReprocessingRunStatus))]
internal sealed partial class TrainerJsonContext : JsonSerializerContext;

/// <summary>The registry's <c>registry.json</c>, indented for people who open it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RegistryIndex))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
