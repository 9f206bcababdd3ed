using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Quotas;

namespace PowerAutomation.Gateway.Quotas;

/// <summary>The caller's quotas: usage, and an explicit check-and-consume for clients that meter their own work.</summary>
public static class QuotaApi
{
    public static IEndpointRouteBuilder MapQuotaApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/me/quota").WithTags("Quotas").RequireAuthorization().AddEndpointFilter<RequestRateFilter>();
        group.MapGet("/", GetUsage).AllowAnyApiKey();
        group.MapPost("/consume", Consume);
        return routes;
    }

    public static async Task<Ok<List<QuotaUsage>>> GetUsage(ClaimsPrincipal user, IClusterClient cluster)
    {
        var daily = await cluster.GetGrain<IQuotaGrain>(QuotaPrincipal.DailyKey(user)).GetUsage();
        var rate = await cluster.GetGrain<IQuotaGrain>(QuotaPrincipal.RateKey(user)).GetUsage();
        return TypedResults.Ok(daily.Where(u => u.Kind != QuotaKinds.RequestsPerMinute)
            .Concat(rate.Where(u => u.Kind == QuotaKinds.RequestsPerMinute)).ToList());
    }

    public static async Task<Results<Ok<QuotaDecision>, ProblemHttpResult>> Consume(
        ConsumeRequest request, ClaimsPrincipal user, IClusterClient cluster, HttpContext context, TimeProvider time)
    {
        if (!QuotaKinds.IsKnown(request.Kind))
        {
            return Problems.Validation("kind", $"kind must be one of {string.Join(", ", QuotaKinds.All)}.");
        }

        if (request.Cost is < 1 or > 1_000_000_000)
        {
            return Problems.Validation("cost", "cost must be between 1 and 1,000,000,000.");
        }

        var decision = await cluster.GetGrain<IQuotaGrain>(QuotaPrincipal.KeyFor(user, request.Kind!)).Consume(request.Kind!, request.Cost ?? 1);
        QuotaResponses.WriteHeaders(context.Response, decision, time.GetUtcNow());
        return decision.Allowed ? TypedResults.Ok(decision) : QuotaResponses.Exceeded(decision);
    }
}

public sealed record ConsumeRequest(string? Kind, long? Cost);
