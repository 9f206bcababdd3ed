using System.Globalization;
using System.Security.Claims;

namespace PowerAutomation.Gateway.Identity;

/// <summary>The limits an API key carries on its principal, for the paths that enforce them.</summary>
public static class ApiKeyLimits
{
    /// <summary>
    /// The key's own AI spend bound in micro-USD per UTC day (it applies inside the owner's), or null when the caller
    /// is not an API key or the key has none.
    /// </summary>
    public static long? AiSpendPerDay(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst(GatewayClaims.KeyAiSpendPerDay)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var microUsd)
            ? microUsd
            : null;
}
