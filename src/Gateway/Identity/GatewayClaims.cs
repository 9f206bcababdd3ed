using System.Security.Claims;

namespace PowerAutomation.Gateway.Identity;

/// <summary>Claim names the gateway puts in tokens and reads back, and the caller's user id.</summary>
public static class GatewayClaims
{
    public const string Subject = "sub";
    public const string Role = "role";

    /// <summary>The refresh-token family (session) an access token was issued for (OIDC's <c>sid</c>).</summary>
    public const string Session = "sid";
    public const string AdminPolicy = "admin";

    /// <summary>On API-key principals: the key's id (its presence is what marks a key).</summary>
    public const string ApiKey = "api_key";

    /// <summary>On API-key principals: one per scope the key holds; none on a full-access key.</summary>
    public const string KeyScope = "key_scope";

    /// <summary>On API-key principals with their own AI budget: micro-USD per UTC day, as an invariant integer string.</summary>
    public const string KeyAiSpendPerDay = "key_ai_spend_per_day";

    public static Guid UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(Subject)?.Value, out var id)
            ? id
            : throw new InvalidOperationException("The authenticated principal has no user id.");

    /// <summary>The session the caller's access token belongs to; null for API keys and older tokens.</summary>
    public static Guid? SessionId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirst(Session)?.Value, out var id) ? id : null;
}
