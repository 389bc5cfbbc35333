using System.Text.Json;
using System.Text.Json.Serialization;
using KappaAspire.ServiceDefaults.Storage;

namespace KappaAspire.Broker.Storage;

/// <summary>What the broker must remember besides the logs: its topics and the next producer-id block.</summary>
internal sealed record BrokerMetadata(List<TopicRecord> Topics, long NextProducerIdBlock)
{
    public static BrokerMetadata Empty => new([], 0);
}

internal sealed record TopicRecord(string Name, Guid Id, int Partitions, Dictionary<string, string> Configs);

[JsonSerializable(typeof(BrokerMetadata))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class BrokerMetadataJsonContext : JsonSerializerContext;

/// <summary>Loads and durably saves <c>metadata.json</c> (write-temp-then-rename, so a crash leaves the old or the new file).</summary>
internal sealed class BrokerMetadataFile(string path)
{
    public BrokerMetadata Load()
    {
        if (!File.Exists(path)) return BrokerMetadata.Empty;
        var bytes = File.ReadAllBytes(path);
        return JsonSerializer.Deserialize(bytes, BrokerMetadataJsonContext.Default.BrokerMetadata)
            ?? throw new InvalidDataException($"Broker metadata file {path} is empty.");
    }

    public void Save(BrokerMetadata metadata) =>
        DurableFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(metadata, BrokerMetadataJsonContext.Default.BrokerMetadata));
}
