using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Gateway.Quotas;

/// <summary>RateLimit-* headers for a decision, and the 429 <c>quota_exceeded</c> problem for a refusal.</summary>
public static class QuotaResponses
{
    public const string QuotaExceeded = "quota_exceeded";

    public static void WriteHeaders(HttpResponse response, QuotaDecision decision, DateTimeOffset now)
    {
        response.Headers["RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Reset"] = Seconds(decision.ResetsAt - now).ToString(CultureInfo.InvariantCulture);
        if (!decision.Allowed)
        {
            response.Headers.RetryAfter = Seconds(decision.RetryAfter).ToString(CultureInfo.InvariantCulture);
        }
    }

    public static ProblemHttpResult Exceeded(QuotaDecision decision, long cost = 1) =>
        Problems.Create(StatusCodes.Status429TooManyRequests, QuotaExceeded,
            cost > 1 && decision.Remaining > 0
                ? $"This call may use up to {cost} {decision.Kind}, and {decision.Remaining} of {decision.Limit} remain; they reset in {Seconds(decision.RetryAfter)} s."
                    + (decision.Kind is QuotaKinds.AiTokens or QuotaKinds.AiSpend ? " A lower max_tokens reserves less." : "")
                : $"The {decision.Kind} quota ({decision.Limit}) is used up; it frees up in {Seconds(decision.RetryAfter)} s.",
            new Dictionary<string, object?> { ["kind"] = decision.Kind, ["limit"] = decision.Limit, ["remaining"] = decision.Remaining, ["cost"] = cost });

    private static long Seconds(TimeSpan span) => Math.Max(span > TimeSpan.Zero ? 1 : 0, (long)Math.Ceiling(span.TotalSeconds));
}
