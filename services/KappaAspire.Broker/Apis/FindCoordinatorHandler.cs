using KappaAspire.Broker.Protocol;
using KappaAspire.Broker.Protocol.Messages;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker.Apis;

/// <summary>FindCoordinator v0-2: this node coordinates every group.</summary>
internal sealed class FindCoordinatorHandler(IOptions<BrokerOptions> options) : ApiHandler<FindCoordinatorRequest, FindCoordinatorResponse>
{
    private readonly BrokerOptions _options = options.Value;

    public override ApiKey Key => ApiKey.FindCoordinator;
    public override short MinVersion => 0;
    public override short MaxVersion => 2;

    protected override ValueTask<FindCoordinatorResponse?> HandleAsync(FindCoordinatorRequest request, RequestContext context) =>
        ValueTask.FromResult<FindCoordinatorResponse?>(request.KeyType == 0
            ? new(ErrorCode.None, null, _options.NodeId, _options.EffectiveAdvertisedHost, _options.Port)
            // 1 = transaction coordinator: not served.
            : new(ErrorCode.CoordinatorNotAvailable, "Transactions are not supported.", -1, "", -1));
}
