namespace PowerAutomation.Grains.Abstractions.Quotas;

/// <summary>Settling a reservation made before work whose real cost is known only afterwards.</summary>
public static class QuotaReservations
{
    /// <summary>
    /// Reserves one AI call: one <c>ai_requests</c> unit and <paramref name="tokens"/> <c>ai_tokens</c>, both or neither
    /// (a unit granted while the other was refused is given back). Both are asked for at once: the quota grain is
    /// reentrant and group-commits, so they share one write. <c>Refused</c> is the decision that said no, if any.
    /// </summary>
    public static async Task<(QuotaDecision Requests, QuotaDecision? Refused)> ReserveAiCallAsync(
        this IQuotaGrain quota, long tokens, TimeProvider time)
    {
        var requestsCall = quota.Consume(QuotaKinds.AiRequests, 1);
        var tokensCall = quota.Consume(QuotaKinds.AiTokens, tokens);
        var (requests, granted) = (await requestsCall, await tokensCall);
        if (requests.Allowed && granted.Allowed)
        {
            return (requests, null);
        }

        var now = time.GetUtcNow();
        if (requests.Allowed)
        {
            await quota.Refund(QuotaKinds.AiRequests, 1, now);
        }

        if (granted.Allowed)
        {
            await quota.Refund(QuotaKinds.AiTokens, tokens, now);
        }

        return (requests, requests.Allowed ? granted : requests);
    }

    /// <summary>
    /// Brings a reservation of <paramref name="reserved"/> units to the <paramref name="used"/> ones: the rest is given
    /// back, or the excess (the work cost more than reserved) charged, since it has been done.
    /// </summary>
    public static Task TrueUpAsync(this IQuotaGrain quota, string kind, long reserved, long used, DateTimeOffset reservedAt)
    {
        var difference = used - reserved;
        return difference > 0 ? quota.Charge(kind, difference)
            : difference < 0 ? quota.Refund(kind, -difference, reservedAt)
            : Task.CompletedTask;
    }
}
