using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Ai.Calls;

/// <summary>
/// Why a call was not let upstream: the status and stable code the caller gets, and, when a quota said no, that
/// decision and the units the call asked for (for the RateLimit headers and the 429's detail).
/// </summary>
public sealed record AiRefusal(int Status, string Code, string Message, QuotaDecision? Quota = null, long RequestedUnits = 0)
{
    public static AiRefusal QuotaExceeded(AiReservationResult result, AiReservationRequest request)
    {
        var refused = result.Refused!;
        var units = refused.Kind switch
        {
            QuotaKinds.AiRequests => 1,
            QuotaKinds.AiTokens => request.Tokens,
            _ => request.SpendMicroUsd,
        };
        var message = refused.Kind == QuotaKinds.AiSpend
            ? $"The call may cost up to {units} micro-USD and {refused.Remaining} of the {refused.Limit} allowed today remain."
            : $"The {refused.Kind} quota ({refused.Limit} per day) does not cover this call.";
        return new AiRefusal(429, "quota_exceeded", message, refused, units);
    }
}
