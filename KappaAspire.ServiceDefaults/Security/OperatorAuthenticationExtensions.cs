using KappaAspire.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The operator token on control endpoints: <see cref="AddOperatorAuthentication{TBuilder}"/> in the service's wiring,
/// <see cref="RequireOperator{TBuilder}"/> on each endpoint that changes state. Reads stay open.
/// </summary>
public static class OperatorAuthenticationExtensions
{
    public const string SchemeName = "OperatorToken";
    public const string PolicyName = "operator";

    /// <summary>Binds <c>Operator:Token</c> (the service refuses to start without it) and registers its scheme and policy.</summary>
    public static TBuilder AddOperatorAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<OperatorTokenOptions>().BindConfiguration(OperatorTokenOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OperatorTokenOptions>, OperatorTokenOptionsValidator>();
        // No default scheme: only endpoints that require the operator policy look at the Authorization header (gRPC carries its own token).
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, OperatorTokenHandler>(SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PolicyName, policy => policy.AddAuthenticationSchemes(SchemeName).RequireAuthenticatedUser());
        return builder;
    }

    /// <summary>The endpoint answers 401 unless the request carries the operator token.</summary>
    public static TBuilder RequireOperator<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization(PolicyName);
}
