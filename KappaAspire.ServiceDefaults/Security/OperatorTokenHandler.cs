using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KappaAspire.ServiceDefaults.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;Operator:Token&gt;</c> (<see cref="BearerToken"/>: constant-time digests); the
/// presented value is never logged.
/// </summary>
internal sealed class OperatorTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemes,
    IOptions<OperatorTokenOptions> token,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemes, logger, encoder)
{
    private readonly BearerToken _expected = new(token.Value.Token);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        switch (_expected.Check(Request.Headers.Authorization))
        {
            case BearerCheck.Missing:
                return Task.FromResult(AuthenticateResult.NoResult());
            case BearerCheck.Wrong:
                return Task.FromResult(AuthenticateResult.Fail("the bearer token is not the operator token"));
        }

        var operatorIdentity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator")], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(operatorIdentity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"kappa-operator\"";
        Response.ContentType = "text/plain; charset=utf-8";
        await Response.WriteAsync($"{Request.Method} {Request.Path} is a control endpoint: send 'Authorization: Bearer <operator token>' " +
            "(the AppHost's operator-token parameter, Operator__Token in the service's environment).");
    }
}
