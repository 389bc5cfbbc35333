using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// ApiVersions v0-3. The response header is always v0; v3 bodies are flexible (compact arrays, tagged fields).
/// A version we do not know is answered with UNSUPPORTED_VERSION and the list in v0 form, so the client can pick one.
/// </summary>
internal sealed class ApiVersionsHandler(SupportedApis supported) : IApiHandler
{
    public ApiKey Key => ApiKey.ApiVersions;
    public short MinVersion => 0;
    public short MaxVersion => 3;
    public bool AnswersEveryVersion => true;

    public ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response)
    {
        var version = request.Version;
        var apis = supported.All;
        if (version > MaxVersion || version < MinVersion)
        {
            request.ResultError = ErrorCode.UnsupportedVersion;
            response.WriteInt16((short)ErrorCode.UnsupportedVersion);
            WriteApis(response, apis, flexible: false);
            return ValueTask.FromResult(true);
        }
        // The v3 body (client software name/version) is informational; nothing in it changes the answer.
        response.WriteInt16((short)ErrorCode.None);
        var flexible = version >= 3;
        WriteApis(response, apis, flexible);
        if (version >= 1) response.WriteInt32(0); // throttle_time_ms
        if (flexible) response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }

    private static void WriteApis(KafkaWriter response, IReadOnlyList<(ApiKey Key, short Min, short Max)> apis, bool flexible)
    {
        if (flexible) response.WriteUnsignedVarint((ulong)apis.Count + 1);
        else response.WriteArrayLength(apis.Count);
        foreach (var (key, min, max) in apis)
        {
            response.WriteInt16((short)key);
            response.WriteInt16(min);
            response.WriteInt16(max);
            if (flexible) response.WriteEmptyTaggedFields();
        }
    }
}
