using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Paging;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Identity;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Gateway.Workflows;

/// <summary>The caller's workflows and runs, newest first (API.md, "Workflows, wave 2").</summary>
public static class WorkflowListingApi
{
    private static readonly string[] Statuses =
        [RunStatuses.Pending, RunStatuses.Running, RunStatuses.Waiting, RunStatuses.Succeeded, RunStatuses.Failed, RunStatuses.Cancelled];

    public static IEndpointRouteBuilder MapWorkflowListingApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/workflows", ListWorkflows).WithTags("Workflows").RequireAuthorization().RequireScope(ApiScopes.Workflows).AddEndpointFilter<RequestRateFilter>()
            .WithSummary("The caller's workflows, newest first: [{workflowId, name, version}]; the next page's cursor in X-Next-Cursor");
        routes.MapGet("/api/v1/runs", ListRuns).WithTags("Workflows").RequireAuthorization().RequireScope(ApiScopes.Workflows).AddEndpointFilter<RequestRateFilter>()
            .WithSummary("The caller's runs, newest first, optionally of one workflow and in one status: {items, nextCursor}");
        return routes;
    }

    /// <summary>A bare array, as API.md fixes it; the cursor of the next page, when there is one, is in <c>X-Next-Cursor</c>.</summary>
    public static async Task<Results<Ok<IReadOnlyList<WorkflowListResponse>>, ProblemHttpResult>> ListWorkflows(
        string? cursor, string? limit, ClaimsPrincipal user, IClusterClient cluster, HttpResponse response)
    {
        if (!PageQuery.TryRead(cursor, limit, out var page, out var problem))
        {
            return problem;
        }

        var found = await cluster.GetGrain<IWorkflowListingGrain>(0).ListWorkflows(user.UserId(), page.After, page.Limit);
        var body = PageResponse<WorkflowListResponse>.From(found, w => new WorkflowListResponse(w.WorkflowId, w.Name, w.Version, w.CreatedAt, w.UpdatedAt));
        if (body.NextCursor is { } next)
        {
            response.Headers[PageResponse<WorkflowListResponse>.NextCursorHeader] = next;
        }

        return TypedResults.Ok(body.Items);
    }

    public static async Task<Results<Ok<PageResponse<RunListResponse>>, ProblemHttpResult>> ListRuns(
        string? workflowId, string? status, string? cursor, string? limit, ClaimsPrincipal user, IClusterClient cluster)
    {
        Guid? workflow = null;
        if (!string.IsNullOrEmpty(workflowId))
        {
            if (!Guid.TryParse(workflowId, out var id))
            {
                return Problems.Validation("workflowId", "workflowId must be a workflow id.");
            }

            workflow = id;
        }

        if (!string.IsNullOrEmpty(status) && !Statuses.Contains(status))
        {
            return Problems.Validation("status", $"status must be one of {string.Join(", ", Statuses)}.");
        }

        if (!PageQuery.TryRead(cursor, limit, out var page, out var problem))
        {
            return problem;
        }

        // Another user's workflow id is not refused: it filters the caller's own runs, so it simply finds none.
        var filter = new RunFilter(workflow, string.IsNullOrEmpty(status) ? null : status);
        var found = await cluster.GetGrain<IWorkflowListingGrain>(0).ListRuns(user.UserId(), filter, page.After, page.Limit);
        return TypedResults.Ok(PageResponse<RunListResponse>.From(found, r => new RunListResponse(r.RunId, r.WorkflowId, r.Version, r.Status, r.StartedAt, r.EndedAt)));
    }
}
