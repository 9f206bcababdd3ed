using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Projects;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.ModelWorkers;
using PowerAutomation.Grains.Abstractions.Search;

namespace PowerAutomation.Gateway.Search;

/// <summary><c>GET /api/v1/projects/{projectId}/search?q=&amp;limit=</c>: semantic search over a project's documents, for members.</summary>
public static class SearchApi
{
    public const int MaxQueryLength = 1000;
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/projects/{projectId:guid}/search", Search)
            .WithTags("Projects").RequireAuthorization().RequireScope(ApiScopes.DocumentsRead).AddEndpointFilter<RequestRateFilter>()
            .WithSummary("Documents ranked by semantic similarity to the query: [{documentId, path, snippet, score}]");
        return routes;
    }

    public static async Task<Results<Ok<IReadOnlyList<SearchHit>>, ProblemHttpResult>> Search(
        Guid projectId, string? q, string? limit, ClaimsPrincipal user, IClusterClient cluster)
    {
        var query = q?.Trim();
        if (string.IsNullOrEmpty(query) || query.Length > MaxQueryLength)
        {
            return Problems.Validation("q", $"q is required and has at most {MaxQueryLength} characters.");
        }

        var count = DefaultLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= MaxLimit))
        {
            return Problems.Validation("limit", $"limit must be a whole number from 1 to {MaxLimit}.");
        }

        var result = await cluster.GetGrain<IProjectSearchGrain>(projectId).Search(user.UserId(), query, count);
        return result.Error switch
        {
            null => TypedResults.Ok(result.Value!),
            ModelWorkerErrors.Overloaded => Problems.Create(StatusCodes.Status503ServiceUnavailable, ModelWorkerErrors.Overloaded,
                "The embedding model is at its queue limit; retry shortly."),
            ModelWorkerErrors.Unavailable => Problems.Create(StatusCodes.Status503ServiceUnavailable, ModelWorkerErrors.Unavailable,
                "No embedding model worker is running in the cluster; retry shortly."),
            var error => ProjectProblems.For(error),
        };
    }
}
