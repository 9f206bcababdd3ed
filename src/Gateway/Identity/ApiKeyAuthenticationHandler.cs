using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// Authenticates <c>Bearer pa_…</c> API keys against the key's grain, then loads the owner's roles. The key's grant
/// rides on the principal: one <see cref="GatewayClaims.KeyScope"/> per scope, <see cref="GatewayClaims.KeyAiSpendPerDay"/>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IClusterClient cluster) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = AuthenticationSetup.PresentedToken(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeyFormat.TryParse(presented, out var keyId, out var secret))
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var key = await cluster.GetGrain<IApiKeyGrain>(keyId).Identify(secret);
        var profile = key is null ? null : await cluster.GetGrain<IUserGrain>(key.UserId).GetProfile();
        if (key is null || profile is null)
        {
            return AuthenticateResult.Fail("Unknown, expired or deleted API key.");
        }

        if (profile.Disabled)
        {
            return AuthenticateResult.Fail(new TokenRefusedException(Errors.ErrorCodes.AccountDisabled));
        }

        var claims = new List<Claim>
        {
            new(GatewayClaims.Subject, profile.UserId.ToString()),
            new("email", profile.Email),
            new(GatewayClaims.ApiKey, keyId),
        };
        claims.AddRange(profile.Roles.Select(role => new Claim(GatewayClaims.Role, role)));
        claims.AddRange(key.Grant.Scopes.Select(scope => new Claim(GatewayClaims.KeyScope, scope)));
        if (key.Grant.AiSpendPerDay is { } microUsd)
        {
            claims.Add(new Claim(GatewayClaims.KeyAiSpendPerDay, microUsd.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, GatewayClaims.Subject, GatewayClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties) =>
        await AuthenticationSetup.WriteChallengeAsync(Context, (await HandleAuthenticateOnceSafeAsync()).Failure);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthenticationSetup.WriteForbiddenAsync(Context);
}
