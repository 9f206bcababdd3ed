using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// Quota for one AI call (chat or embeddings): one <c>ai_requests</c> unit and the call's token bound in
/// <c>ai_tokens</c> are reserved before it runs, in one decision per kind of the user's quota grain, so concurrent
/// calls can never together spend more than the day allows. Afterwards the reservation is trued up to the usage,
/// or given back whole if nothing reached the caller.
/// </summary>
public sealed class AiQuota(IClusterClient cluster, TimeProvider time)
{
    /// <summary>Reserves the units, or writes the 429 (in the vendor's shape) and returns null.</summary>
    public async Task<AiQuotaTicket?> TakeAsync(HttpContext http, long reservedTokens)
    {
        reservedTokens = Math.Max(1, reservedTokens);
        var quota = cluster.GetGrain<IQuotaGrain>(QuotaPrincipal.DailyKey(http.User));

        var (requests, refused) = await quota.ReserveAiCallAsync(reservedTokens, time);
        var now = time.GetUtcNow();
        if (refused is null)
        {
            QuotaResponses.WriteHeaders(http.Response, requests, now);
            return new AiQuotaTicket(quota, now, reservedTokens);
        }

        QuotaResponses.WriteHeaders(http.Response, refused, now);
        await QuotaResponses.Exceeded(refused, requests.Allowed ? reservedTokens : 1).ExecuteAsync(http);
        return null;
    }
}

/// <summary>Units reserved for one call, settled once its outcome is known.</summary>
public sealed record AiQuotaTicket(IQuotaGrain Quota, DateTimeOffset TakenAt, long ReservedTokens)
{
    /// <summary>
    /// A call that delivered anything is charged its usage (the reservation trued up: the rest given back, or the
    /// excess of an underestimated input charged); one that delivered nothing gets every unit back.
    /// </summary>
    public async Task SettleAsync(bool delivered, long tokensUsed)
    {
        if (!delivered)
        {
            await Quota.Refund(QuotaKinds.AiRequests, 1, TakenAt);
            await Quota.Refund(QuotaKinds.AiTokens, ReservedTokens, TakenAt);
            return;
        }

        await Quota.TrueUpAsync(QuotaKinds.AiTokens, ReservedTokens, Math.Max(1, tokensUsed), TakenAt);
    }
}
