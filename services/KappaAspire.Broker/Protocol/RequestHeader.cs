namespace KappaAspire.Broker.Protocol;

/// <summary>Request header v1 (v2 adds tagged fields, used here only by flexible ApiVersions v3).</summary>
internal readonly record struct RequestHeader(ApiKey ApiKey, short ApiVersion, int CorrelationId, string? ClientId)
{
    public static RequestHeader Read(ref KafkaReader reader)
    {
        var apiKey = (ApiKey)reader.ReadInt16();
        var version = reader.ReadInt16();
        var correlationId = reader.ReadInt32();
        var clientId = reader.ReadNullableString();
        // Only v3 is a flexible version we serve; a newer ApiVersions is answered in v0 without reading further.
        if (apiKey == ApiKey.ApiVersions && version == 3) reader.SkipTaggedFields();
        return new RequestHeader(apiKey, version, correlationId, clientId);
    }
}
