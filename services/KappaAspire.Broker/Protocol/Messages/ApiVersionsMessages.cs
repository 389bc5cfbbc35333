namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>
/// ApiVersions request v0-3: empty before v3, the client's software name and version in v3 (flexible). A newer version
/// is read as empty: its body may be any shape, and the answer (UNSUPPORTED_VERSION with the list) does not depend on it.
/// </summary>
internal sealed record ApiVersionsRequest(string? ClientSoftwareName, string? ClientSoftwareVersion) : IKafkaMessage<ApiVersionsRequest>
{
    public const short MaxVersion = 3;

    public static ApiVersionsRequest Read(ref KafkaReader reader, short version)
    {
        if (version != 3) return new(null, null);
        var name = reader.ReadCompactNullableString();
        var softwareVersion = reader.ReadCompactNullableString();
        reader.SkipTaggedFields();
        return new(name, softwareVersion);
    }

    public void Write(KafkaWriter writer, short version)
    {
        if (version != 3) return;
        writer.WriteCompactNullableString(ClientSoftwareName);
        writer.WriteCompactNullableString(ClientSoftwareVersion);
        writer.WriteEmptyTaggedFields();
    }
}

/// <summary>
/// ApiVersions response v0-3 (v3 flexible: compact array, tagged fields; throttle from v1). UNSUPPORTED_VERSION is
/// always written in the v0 form, the one every client can read (KIP-511).
/// </summary>
internal sealed record ApiVersionsResponse(ErrorCode Error, IReadOnlyList<(ApiKey Key, short Min, short Max)> Apis) : IKafkaMessage<ApiVersionsResponse>
{
    public static ApiVersionsResponse Read(ref KafkaReader reader, short version)
    {
        var error = (ErrorCode)reader.ReadInt16();
        var flexible = version >= 3 && error != ErrorCode.UnsupportedVersion;
        var count = flexible ? (int)reader.ReadUnsignedVarint() - 1 : reader.ReadArrayLength(6);
        var apis = new List<(ApiKey, short, short)>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            apis.Add(((ApiKey)reader.ReadInt16(), reader.ReadInt16(), reader.ReadInt16()));
            if (flexible) reader.SkipTaggedFields();
        }

        if (error == ErrorCode.UnsupportedVersion) return new(error, apis);
        if (version >= 1) reader.ReadInt32(); // throttle
        if (flexible) reader.SkipTaggedFields();
        return new(error, apis);
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteInt16((short)Error);
        var flexible = version >= 3 && Error != ErrorCode.UnsupportedVersion;
        if (flexible) writer.WriteUnsignedVarint((ulong)Apis.Count + 1);
        else writer.WriteArrayLength(Apis.Count);
        foreach (var (key, min, max) in Apis)
        {
            writer.WriteInt16((short)key);
            writer.WriteInt16(min);
            writer.WriteInt16(max);
            if (flexible) writer.WriteEmptyTaggedFields();
        }

        if (Error == ErrorCode.UnsupportedVersion) return;
        if (version >= 1) writer.WriteInt32(0); // throttle
        if (flexible) writer.WriteEmptyTaggedFields();
    }
}
