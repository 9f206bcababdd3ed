using PowerAutomation.Ai.Calls;
using PowerAutomation.Gateway.Quotas;

namespace PowerAutomation.Gateway.Ai;

/// <summary>Writes a refused call in the vendor's error shape, with the RateLimit headers when a quota said no.</summary>
public static class AiRefusals
{
    public static Task WriteAsync(HttpContext http, AiRefusal refusal, TimeProvider time)
    {
        if (refusal.Quota is { } decision)
        {
            QuotaResponses.WriteHeaders(http.Response, decision, time.GetUtcNow());
            return QuotaResponses.Exceeded(decision, refusal.RequestedUnits).ExecuteAsync(http);
        }

        return VendorProblemWriter.WriteAsync(http, refusal.Status, refusal.Code, refusal.Message);
    }
}
