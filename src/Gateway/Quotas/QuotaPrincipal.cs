using System.Security.Claims;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Gateway.Quotas;

/// <summary>
/// Which quota grain a caller draws on. Daily allowances belong to the user, so extra API keys cannot multiply
/// them; the per-minute rate belongs to the API key when one is used, else to the user.
/// </summary>
public static class QuotaPrincipal
{
    public static string DailyKey(ClaimsPrincipal user) => QuotaKeys.ForUser(user.UserId());

    public static string RateKey(ClaimsPrincipal user) => user.FindFirst("api_key")?.Value is { } keyId
        ? QuotaKeys.ForApiKey(user.UserId(), keyId)
        : QuotaKeys.ForUser(user.UserId());

    public static string KeyFor(ClaimsPrincipal user, string kind) =>
        kind == QuotaKinds.RequestsPerMinute ? RateKey(user) : DailyKey(user);
}
