using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Paging;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Ai;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Ai;

/// <summary>
/// The AI usage log: <c>GET /api/v1/me/ai/usage</c> (the caller's calls; open to keys with scope <c>ai</c>) and
/// <c>GET /api/v1/admin/ai/usage</c> (everyone's, filtered by user and serving model), newest first, with the daily
/// totals of everything the filter matches.
/// </summary>
public static class AiUsageApi
{
    private const int MaxModelLength = 200;

    public static IEndpointRouteBuilder MapAiUsageApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/me/ai/usage", Mine).WithTags("AI").RequireAuthorization().RequireScope(ApiScopes.Ai)
            .AddEndpointFilter<RequestRateFilter>()
            .WithSummary("The caller's AI calls, newest first: from (inclusive), to (exclusive); {items, nextCursor, daily}");
        routes.MapGet("/api/v1/admin/ai/usage", Everyone).WithTags("AI").RequireAuthorization(GatewayClaims.AdminPolicy)
            .AddEndpointFilter<RequestRateFilter>()
            .WithSummary("Everyone's AI calls, newest first: userId, model (that served), from, to; {items, nextCursor, daily}");
        return routes;
    }

    public static Task<Results<Ok<AiUsageResponse>, ProblemHttpResult>> Mine(
        string? from, string? to, string? cursor, string? limit, ClaimsPrincipal user, IClusterClient cluster, CancellationToken cancellationToken) =>
        ListAsync(user.UserId(), null, from, to, cursor, limit, cluster, cancellationToken);

    public static Task<Results<Ok<AiUsageResponse>, ProblemHttpResult>> Everyone(
        string? userId, string? model, string? from, string? to, string? cursor, string? limit, IClusterClient cluster, CancellationToken cancellationToken)
    {
        Guid? user = null;
        if (!string.IsNullOrEmpty(userId))
        {
            if (!Guid.TryParse(userId, out var id))
            {
                return Task.FromResult<Results<Ok<AiUsageResponse>, ProblemHttpResult>>(Problems.Validation("userId", "userId must be a user id (a UUID)."));
            }

            user = id;
        }

        if (model is { Length: > MaxModelLength } || model?.Any(char.IsControl) == true)
        {
            return Task.FromResult<Results<Ok<AiUsageResponse>, ProblemHttpResult>>(
                Problems.Validation("model", $"model is a model name of at most {MaxModelLength} characters."));
        }

        return ListAsync(user, string.IsNullOrEmpty(model) ? null : model, from, to, cursor, limit, cluster, cancellationToken);
    }

    private static async Task<Results<Ok<AiUsageResponse>, ProblemHttpResult>> ListAsync(Guid? user, string? model,
        string? from, string? to, string? cursor, string? limit, IClusterClient cluster, CancellationToken cancellationToken)
    {
        if (!TimeRangeQuery.TryRead(from, to, out var start, out var end, out var problem)
            || !PageQuery.TryRead(cursor, limit, out var page, out problem))
        {
            return problem;
        }

        var found = await cluster.GetGrain<IAiUsageLogGrain>(0).List(new AiUsageQuery(user, model, start, end), page.After, page.Limit)
            .WaitAsync(cancellationToken);
        var calls = PageResponse<AiUsageItem>.From(found.Calls, e => AiUsageItem.From(e.Record));
        return TypedResults.Ok(new AiUsageResponse(calls.Items, calls.NextCursor,
            found.Daily.Select(d => new AiUsageDayResponse(d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                d.Calls, d.InputTokens, d.OutputTokens, d.CostMicroUsd)).ToList()));
    }
}

/// <summary>A page of calls and the daily totals (UTC days, newest first) of all the filter matches.</summary>
public sealed record AiUsageResponse(IReadOnlyList<AiUsageItem> Items, string? NextCursor, IReadOnlyList<AiUsageDayResponse> Daily);

public sealed record AiUsageDayResponse(string Date, long Calls, long InputTokens, long OutputTokens, long CostMicroUsd);

/// <summary>
/// One call as it ended: API.md's fields (<c>model</c> is the model that served, <c>provider</c> the provider), and
/// who called with which key, the model asked for, the endpoint, cached input, time to first token, streaming.
/// </summary>
public sealed record AiUsageItem(
    string RequestId, DateTimeOffset Time, string? Model, string? Provider, long InputTokens, long OutputTokens, long CostMicroUsd,
    int LatencyMs, string Status, Guid UserId, string? ApiKeyId, string ModelRequested, string Endpoint, long CachedInputTokens,
    int? TimeToFirstTokenMs, bool Streamed)
{
    public static AiUsageItem From(AiUsageRecord r) => new(r.RequestId, r.Time, r.ModelServed, r.Provider, r.InputTokens, r.OutputTokens,
        r.CostMicroUsd, r.LatencyMs, r.Status, r.UserId, r.ApiKeyId, r.ModelRequested, r.Endpoint, r.CachedInputTokens, r.TimeToFirstTokenMs, r.Streamed);
}
