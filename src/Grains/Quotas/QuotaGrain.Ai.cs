using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Grains.Quotas;

/// <summary>
/// AI calls: the whole reservation (a request, the token bound, the maximum cost, the key's share of the cost) is
/// decided in one synchronous turn, so concurrent calls from any number of gateways and silos never together pass a
/// limit, and it is acknowledged once written. Settling is one change and one write too.
/// </summary>
public sealed partial class QuotaGrain
{
    private const long MaxSpend = 1_000_000_000_000;

    public async Task<AiReservationResult> ReserveAi(AiReservationRequest request)
    {
        if (request.Tokens is < 1 or > MaxCost || request.SpendMicroUsd is < 0 or > MaxSpend || request.KeySpendLimit < 0
            || (request.KeySpendLimit is not null && string.IsNullOrEmpty(request.KeyId)))
        {
            throw new ArgumentException($"A reservation needs 1..{MaxCost} tokens, 0..{MaxSpend} micro-USD and a key id with a key limit.");
        }

        var limits = (await EntitlementsAsync()).Limits;
        var now = time.GetUtcNow();
        var resets = DailyAllowance.NextReset(now);
        var requests = Daily(QuotaKinds.AiRequests, now);
        var tokens = Daily(QuotaKinds.AiTokens, now);
        var spend = Daily(QuotaKinds.AiSpend, now);
        var keySpend = request.KeySpendLimit is null ? null : KeySpend(request.KeyId!, now);

        var requestsLimit = LimitOf(limits, QuotaKinds.AiRequests);
        var tokensLimit = LimitOf(limits, QuotaKinds.AiTokens);
        var spendLimit = LimitOf(limits, QuotaKinds.AiSpend);
        QuotaDecision Decision(string kind, long limit, long used, long cost) =>
            new(used + cost <= limit, kind, limit, Math.Max(0, limit - used - (used + cost <= limit ? cost : 0)), resets,
                used + cost <= limit ? TimeSpan.Zero : resets - now);

        var requestsDecision = Decision(QuotaKinds.AiRequests, requestsLimit, requests.UsedAt(now), 1);
        var spendDecision = Decision(QuotaKinds.AiSpend, spendLimit, spend.UsedAt(now), request.SpendMicroUsd);
        var refused = new[]
        {
            requestsDecision,
            Decision(QuotaKinds.AiTokens, tokensLimit, tokens.UsedAt(now), request.Tokens),
            spendDecision,
            keySpend is null ? null : Decision(QuotaKinds.AiSpend, request.KeySpendLimit!.Value, keySpend.UsedAt(now), request.SpendMicroUsd),
        }.FirstOrDefault(d => d is { Allowed: false });
        if (refused is not null)
        {
            return new AiReservationResult(requestsDecision, refused, now, spendDecision);
        }

        requests.Charge(now, 1);
        tokens.Charge(now, request.Tokens);
        spend.Charge(now, request.SpendMicroUsd);
        keySpend?.Charge(now, request.SpendMicroUsd);
        await _writer!.ChangedAsync();
        return new AiReservationResult(requestsDecision, null, now, spendDecision);
    }

    public async Task SettleAi(AiSettlement settlement)
    {
        var reserved = settlement.Reserved;
        var now = time.GetUtcNow();
        var keySpend = reserved.KeySpendLimit is null || string.IsNullOrEmpty(reserved.KeyId) ? null : KeySpend(reserved.KeyId, now);
        if (!settlement.Delivered)
        {
            Daily(QuotaKinds.AiRequests, now).Refund(now, settlement.ReservedAt, 1);
            Daily(QuotaKinds.AiTokens, now).Refund(now, settlement.ReservedAt, reserved.Tokens);
            Daily(QuotaKinds.AiSpend, now).Refund(now, settlement.ReservedAt, reserved.SpendMicroUsd);
            keySpend?.Refund(now, settlement.ReservedAt, reserved.SpendMicroUsd);
        }
        else
        {
            TrueUp(Daily(QuotaKinds.AiTokens, now), now, settlement.ReservedAt, reserved.Tokens, Math.Clamp(settlement.TokensUsed, 1, MaxCost));
            var spent = Math.Clamp(settlement.SpendUsedMicroUsd, 0, MaxSpend);
            TrueUp(Daily(QuotaKinds.AiSpend, now), now, settlement.ReservedAt, reserved.SpendMicroUsd, spent);
            if (keySpend is not null)
            {
                TrueUp(keySpend, now, settlement.ReservedAt, reserved.SpendMicroUsd, spent);
            }
        }

        await _writer!.ChangedAsync();
    }

    /// <summary>The rest of a reservation given back (if it is still today's), or work beyond it charged.</summary>
    private static void TrueUp(DailyAllowance allowance, DateTimeOffset now, DateTimeOffset reservedAt, long reserved, long used)
    {
        if (used > reserved)
        {
            allowance.Charge(now, used - reserved);
        }
        else if (used < reserved)
        {
            allowance.Refund(now, reservedAt, reserved - used);
        }
    }

    private DailyAllowance KeySpend(string keyId, DateTimeOffset now)
    {
        if (!_keySpend.TryGetValue(keyId, out var allowance))
        {
            allowance = _keySpend[keyId] = new DailyAllowance(DateOnly.FromDateTime(now.UtcDateTime), 0);
        }

        return allowance;
    }
}
