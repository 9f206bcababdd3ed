using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// Quota for one AI call (chat or embeddings): one <c>ai_requests</c> unit taken and one <c>ai_tokens</c> unit
/// reserved before the call; afterwards the rest of the reported usage is charged, or both units are given back
/// if the call failed.
/// </summary>
public sealed class AiQuota(IClusterClient cluster, TimeProvider time)
{
    /// <summary>Takes the units, or writes the 429 (in the vendor's shape) and returns null.</summary>
    public async Task<AiQuotaTicket?> TakeAsync(HttpContext http)
    {
        var quota = cluster.GetGrain<IQuotaGrain>(QuotaPrincipal.DailyKey(http.User));

        // Both units are asked for at once: the quota grain is reentrant and group-commits, so they share one write.
        var requestsCall = quota.Consume(QuotaKinds.AiRequests, 1);
        var tokensCall = quota.Consume(QuotaKinds.AiTokens, 1);
        var (requests, tokens) = (await requestsCall, await tokensCall);
        var now = time.GetUtcNow();
        if (requests.Allowed && tokens.Allowed)
        {
            QuotaResponses.WriteHeaders(http.Response, requests, now);
            return new AiQuotaTicket(quota, now);
        }

        if (requests.Allowed)
        {
            await quota.Refund(QuotaKinds.AiRequests, 1, now);
        }

        if (tokens.Allowed)
        {
            await quota.Refund(QuotaKinds.AiTokens, 1, now);
        }

        var refused = requests.Allowed ? tokens : requests;
        QuotaResponses.WriteHeaders(http.Response, refused, now);
        await QuotaResponses.Exceeded(refused).ExecuteAsync(http);
        return null;
    }
}

/// <summary>Units taken for one call, settled once its outcome is known.</summary>
public sealed record AiQuotaTicket(IQuotaGrain Quota, DateTimeOffset TakenAt)
{
    /// <summary>Charges the tokens used beyond the one reserved, or refunds both units when the call failed.</summary>
    public async Task SettleAsync(bool succeeded, long tokensUsed)
    {
        if (!succeeded)
        {
            await Quota.Refund(QuotaKinds.AiRequests, 1, TakenAt);
            await Quota.Refund(QuotaKinds.AiTokens, 1, TakenAt);
        }
        else if (tokensUsed > 1)
        {
            await Quota.Charge(QuotaKinds.AiTokens, tokensUsed - 1);
        }
    }
}
