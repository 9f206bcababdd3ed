using System.Security.Claims;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Identity;

/// <summary>
/// What a caller's credential allows: user sessions (JWT) and full-access keys everything their roles allow; a scoped
/// key only what its <see cref="GatewayClaims.KeyScope"/> claims cover.
/// </summary>
public static class ApiKeyAccess
{
    public static bool IsApiKey(this ClaimsPrincipal principal) => principal.HasClaim(c => c.Type == GatewayClaims.ApiKey);

    public static bool IsFullAccess(this ClaimsPrincipal principal) =>
        !principal.IsApiKey() || !principal.HasClaim(c => c.Type == GatewayClaims.KeyScope);

    /// <summary>Whether the caller may do what needs <paramref name="scope"/>.</summary>
    public static bool HasApiScope(this ClaimsPrincipal principal, string scope) =>
        principal.IsFullAccess()
        || ApiScopes.Covers(principal.FindAll(GatewayClaims.KeyScope).Select(claim => claim.Value), scope);

    /// <summary>
    /// The scope the caller lacks for this endpoint and method, or null when it may go on. An endpoint that declares
    /// no <see cref="ApiScopeMetadata"/> is for full-access credentials only (<see cref="ApiScopeMetadata.FullAccess"/>).
    /// </summary>
    public static string? MissingScope(ClaimsPrincipal principal, Endpoint? endpoint, string method)
    {
        if (principal.IsFullAccess())
        {
            return null;
        }

        var needed = endpoint?.Metadata.GetMetadata<ApiScopeMetadata>() is { } declared
            ? declared.ScopeFor(method)
            : ApiScopeMetadata.FullAccess;
        return needed is null || (needed != ApiScopeMetadata.FullAccess && principal.HasApiScope(needed)) ? null : needed;
    }
}
