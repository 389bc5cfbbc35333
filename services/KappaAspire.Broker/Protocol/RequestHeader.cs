namespace KappaAspire.Broker.Protocol;

/// <summary>Request header v1; v2 (flexible versions) adds tagged fields, which the dispatcher skips once it knows the API.</summary>
internal readonly record struct RequestHeader(ApiKey ApiKey, short ApiVersion, int CorrelationId, string? ClientId)
{
    public static RequestHeader Read(ref KafkaReader reader)
    {
        var apiKey = (ApiKey)reader.ReadInt16();
        var version = reader.ReadInt16();
        var correlationId = reader.ReadInt32();
        var clientId = reader.ReadNullableString();
        return new RequestHeader(apiKey, version, correlationId, clientId);
    }
}
