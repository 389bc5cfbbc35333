using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Apis;

/// <summary>
/// Every API this broker serves with its version range: the registered handlers' own declarations, so ApiVersions
/// answers exactly what the dispatcher routes. Read lazily (ApiVersions is one of the handlers it lists).
/// </summary>
internal sealed class SupportedApis(IServiceProvider services)
{
    private IReadOnlyList<(ApiKey Key, short Min, short Max)>? _apis;

    public IReadOnlyList<(ApiKey Key, short Min, short Max)> All =>
        _apis ??= [.. services.GetServices<IApiHandler>().OrderBy(h => h.Key).Select(h => (h.Key, h.MinVersion, h.MaxVersion))];
}
