using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Gateway.Quotas;

/// <summary>
/// Charges one <c>requests_per_minute</c> unit per authenticated API call, exact across gateways because one grain
/// decides; over the limit the call is answered 429 <c>quota_exceeded</c> without running.
/// </summary>
public sealed class RequestRateFilter(IClusterClient cluster, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return await next(context);
        }

        var decision = await cluster.GetGrain<IQuotaGrain>(QuotaPrincipal.RateKey(http.User)).Consume(QuotaKinds.RequestsPerMinute, 1);
        QuotaResponses.WriteHeaders(http.Response, decision, time.GetUtcNow());
        return decision.Allowed ? await next(context) : QuotaResponses.Exceeded(decision);
    }
}
