using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Hosting;
using PowerAutomation.Grains.Abstractions.Identity.Oidc;

namespace PowerAutomation.Gateway.Identity.Oidc;

/// <summary>
/// OpenID Connect sign-in (authorization code with PKCE): start sends the browser to the provider, the callback
/// validates what comes back and hands the web app a one-time code, exchange trades that code for tokens.
/// </summary>
public static class OidcApi
{
    private const int MaxParameterLength = 4096;
    private const int MaxStateLength = 64;

    public static RouteGroupBuilder MapOidcApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/auth/oidc").WithTags("Identity").RequireRateLimiting(AuthApi.RateLimitPolicy);
        group.MapGet("/providers", Providers);
        group.MapGet("/{provider}/start", Start);
        group.MapGet("/{provider}/callback", Callback);
        group.MapPost("/exchange", Exchange);
        return group;
    }

    public static Ok<OidcProviderResponse[]> Providers(OidcProviders providers) =>
        TypedResults.Ok(providers.All.Select(p => new OidcProviderResponse(p.Name, p.DisplayName)).ToArray());

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> Start(
        string provider, string? redirectUri, HttpContext context, OidcProviders providers, GatewayOptions gateway,
        IClusterClient cluster, TimeProvider time, CancellationToken cancellationToken)
    {
        if (providers.Find(provider) is not { } oidc)
        {
            return Problems.NotFound($"No OIDC provider '{Cut(provider)}' is configured.");
        }

        if (OidcRedirects.Resolve(redirectUri, new Uri(gateway.PublicUrl)) is not { } returnTo)
        {
            return Problems.BadRequest(ErrorCodes.InvalidRedirectUri,
                "redirectUri must be a path of the web app, or an absolute URL of its origin (Gateway:PublicUrl).");
        }

        if (await oidc.ConfigurationAsync(cancellationToken) is not { } configuration)
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.OidcProviderUnavailable,
                $"The provider '{provider}' cannot be reached now; try again later.");
        }

        var state = Pkce.NewSecret();
        var nonce = Pkce.NewSecret();
        var verifier = Pkce.NewSecret();
        var pending = new OidcPendingSignIn(provider, verifier, nonce, returnTo.ToString(), time.GetUtcNow() + OidcOptions.StateLifetime);
        if (!await cluster.GetGrain<IOidcStateGrain>(state).Begin(pending))
        {
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.OidcProviderUnavailable, "Start the sign-in again.");
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Redirect(oidc.AuthorizationUrl(configuration, state, nonce, verifier));
    }

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> Callback(
        string provider, string? code, string? state, string? error, string? iss, HttpContext context, OidcProviders providers,
        IClusterClient cluster, TimeProvider time, CancellationToken cancellationToken)
    {
        if (providers.Find(provider) is not { } oidc)
        {
            return Problems.NotFound($"No OIDC provider '{Cut(provider)}' is configured.");
        }

        // Without a state this gateway started (for this provider, not used before, not expired) there is nowhere
        // safe to send the browser back to: answer here.
        var pending = string.IsNullOrEmpty(state) || state.Length > MaxStateLength
            ? null
            : await cluster.GetGrain<IOidcStateGrain>(state).Take();
        if (pending is null || pending.Provider != provider)
        {
            return Problems.BadRequest(ErrorCodes.InvalidState,
                "This sign-in is unknown, expired, already used or for another provider; start it again.");
        }

        context.Response.Headers.CacheControl = "no-store";
        RedirectHttpResult Back(string name, string value) => TypedResults.Redirect(OidcRedirects.With(pending.RedirectUri, name, value));

        if (!string.IsNullOrEmpty(error))
        {
            return Back("error", ErrorCodes.OidcProviderError);
        }

        if (string.IsNullOrEmpty(code) || code.Length > MaxParameterLength || iss is { Length: > MaxParameterLength })
        {
            return Back("error", ErrorCodes.InvalidRequest);
        }

        if (await oidc.ConfigurationAsync(cancellationToken) is not { } configuration)
        {
            return Back("error", ErrorCodes.OidcProviderUnavailable);
        }

        // RFC 9207: a provider that names itself must name itself, or the code may be another provider's.
        if (iss is not null && iss != configuration.Issuer)
        {
            return Back("error", ErrorCodes.OidcProviderError);
        }

        var idToken = await oidc.ExchangeAsync(configuration, code, pending.CodeVerifier, cancellationToken);
        if (idToken.ErrorCode is { } exchangeError)
        {
            return Back("error", exchangeError);
        }

        var identity = await oidc.ValidateAsync(configuration, idToken.Value!, pending.Nonce, cancellationToken);
        if (identity.ErrorCode is { } tokenError)
        {
            return Back("error", tokenError);
        }

        var outcome = await cluster.GetGrain<IOidcLinkGrain>(identity.Value!.LinkKey).SignIn(identity.Value);
        if (outcome is not { Status: OidcSignInStatus.SignedIn, UserId: { } userId })
        {
            return Back("error", outcome.Status switch
            {
                OidcSignInStatus.AccountDisabled => ErrorCodes.AccountDisabled,
                OidcSignInStatus.EmailMissing => ErrorCodes.OidcEmailMissing,
                _ => ErrorCodes.OidcEmailUnverified,
            });
        }

        var oneTimeCode = Pkce.NewSecret();
        var grant = new OidcSignInGrant(userId, provider, identity.Value.Subject, time.GetUtcNow() + OidcOptions.CodeLifetime);
        return await cluster.GetGrain<IOidcSignInCodeGrain>(Pkce.HashOf(oneTimeCode)).Issue(grant)
            ? Back("code", oneTimeCode)
            : Back("error", ErrorCodes.OidcProviderUnavailable);
    }

    public static async Task<Results<Ok<TokenPairResponse>, ProblemHttpResult>> Exchange(
        OidcExchangeRequest request, HttpContext context, IClusterClient cluster, AccessTokenIssuer tokens)
    {
        if (string.IsNullOrEmpty(request.Code))
        {
            return Problems.Validation("code", "code is required.");
        }

        var grant = request.Code.Length > MaxStateLength ? null : await cluster.GetGrain<IOidcSignInCodeGrain>(Pkce.HashOf(request.Code)).Redeem();
        if (grant is null)
        {
            return Problems.BadRequest(ErrorCodes.InvalidCode, "This sign-in code is unknown, expired or already used; sign in again.");
        }

        var ip = context.Connection.RemoteIpAddress?.ToString();
        var session = await cluster.GetGrain<PowerAutomation.Grains.Abstractions.Identity.IUserGrain>(grant.UserId)
            .OpenOidcSession(grant.Provider, grant.Subject, ip);
        if (session.Status != PowerAutomation.Grains.Abstractions.Identity.SessionStatus.Succeeded)
        {
            return Problems.Unauthorized(ErrorCodes.InvalidCode, "This sign-in is no longer valid; sign in again.");
        }

        return TypedResults.Ok(new TokenPairResponse(tokens.Issue(session), session.RefreshToken!, "Bearer", tokens.LifetimeSeconds));
    }

    private static string Cut(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
