using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// ApiVersions v0-3. The response header is always v0; v3 bodies are flexible (compact arrays, tagged fields).
/// A version we do not know is answered with UNSUPPORTED_VERSION and the list in v0 form, so the client can pick one.
/// </summary>
internal sealed class ApiVersionsHandler(SupportedApis supported) : ApiHandler<ApiVersionsRequest, ApiVersionsResponse>
{
    public override ApiKey Key => ApiKey.ApiVersions;
    public override short MinVersion => 0;
    public override short MaxVersion => ApiVersionsRequest.MaxVersion;
    public override bool AnswersEveryVersion => true;
    public override short FirstFlexibleVersion => 3;
    // Always header v0, whatever the version: a client that does not yet know our versions must be able to read it.
    public override bool HasFlexibleResponseHeader(short version) => false;

    // The v3 body (client software name/version) is informational; nothing in it changes the answer.
    protected override ValueTask<ApiVersionsResponse?> HandleAsync(ApiVersionsRequest request, RequestContext context)
    {
        var error = context.Version > MaxVersion || context.Version < MinVersion ? ErrorCode.UnsupportedVersion : ErrorCode.None;
        if (error != ErrorCode.None) context.ResultError = error;
        return ValueTask.FromResult<ApiVersionsResponse?>(new(error, supported.All));
    }
}
